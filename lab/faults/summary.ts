import type { World } from "./world";

/** The last line of a run, exactly as issue 15 asks. Missing and unresolved alerts both count as unresolved_alerts. */
export function summaryLine(w: World): string {
  return [
    `faults: injected=${w.counters.injected}`,
    `restarts=${w.counters.restarts}`,
    `false_failovers=${w.count("false-failover")}`,
    `split_brains=${w.count("split-brain")}`,
    `stuck_operations=${w.count("stuck-operation")}`,
    `lost_operations=${w.count("lost-operation")}`,
    `unresolved_alerts=${w.count(["alert-missing", "alert-unresolved"])}`,
  ].join(" ");
}
