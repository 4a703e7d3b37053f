// The alert the payload builders' unit tests render: a confirmed-down database
// server in a group, seen three times.
import type { TAlert } from "../alerts/alerts.types";
import { testAlert } from "./build-payload";

export function sampleAlert(now: Date): TAlert {
  return {
    ...testAlert(now),
    id: "0194a3c0-0000-7000-8000-000000000001",
    dedupKey: "host-state:db-fra1-01",
    source: "host-state",
    severity: "CRITICAL",
    title: "db-fra1-01 is DOWN",
    server: { id: "0194a3c0-0000-7000-8000-0000000000aa", name: "db-fra1-01" },
    group: { id: "0194a3c0-0000-7000-8000-0000000000bb", name: "pg-fra1" },
    count: 3,
  };
}
