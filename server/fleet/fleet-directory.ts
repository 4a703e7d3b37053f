import type { Db } from "../db/client";
import type { THostState } from "../health/health.types";

/** What the fleet view shows of a server that does not come from polling. */
export type DirectoryEntry = {
  id: string;
  name: string;
  address: string;
  site: { id: string; name: string } | null;
  tags: string[];
  enabled: boolean;
  pollIntervalMs: number | null;
  /** What the poller needs too: one query serves both. */
  port: number;
  credentialId: string | null;
  hostKeyFingerprint: string | null;
  agentMode: "STREAM" | "EXEC";
  services: string[];
  lagProbe: string | null;
  /** As last persisted: the starting point before the first poll. */
  state: THostState;
  stateSince: Date;
  stateReason: string | null;
  lastSampleAt: Date | null;
};

export async function loadDirectory(db: Db): Promise<Map<string, DirectoryEntry>> {
  const rows = await db.server.findMany({
    select: {
      id: true, name: true, address: true, port: true, tags: true, enabled: true, pollIntervalMs: true, state: true, stateSince: true, stateReason: true, lastSampleAt: true,
      credentialId: true, hostKeyFingerprint: true, agentMode: true, services: true, lagProbe: true,
      site: { select: { id: true, name: true } },
    },
    orderBy: { name: "asc" },
  });
  return new Map(rows.map((r) => [r.id, r]));
}

/** A cheap fingerprint of the inventory: changes when any server row does. */
export function directoryVersion(d: Map<string, DirectoryEntry>): string {
  let s = "";
  for (const e of d.values()) s += `${e.id}:${e.name}:${e.address}:${e.site?.name ?? ""}:${e.tags.join(",")}:${e.enabled};`;
  return `${d.size}:${s.length}:${hash(s)}`;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
