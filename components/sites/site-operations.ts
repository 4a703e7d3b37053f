// Reading a site's operations: the one running, and the evacuation a return would undo.
import type { TSiteOperationSummary } from "./types";

const LIVE = new Set(["PLANNED", "RUNNING", "PAUSED"]);

const newestFirst = (ops: readonly TSiteOperationSummary[]) => [...ops].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));

/** The site's live operation (one at most: the server holds a lock per site). */
export function liveOperationOf(ops: readonly TSiteOperationSummary[]): TSiteOperationSummary | null {
  return newestFirst(ops).find((o) => LIVE.has(o.state)) ?? null;
}

/**
 * The latest real evacuation that ended (even failed or aborted: some groups
 * may have moved) with no successful return after it; null when there is
 * nothing to bring back. A site drill returns by itself.
 */
export function returnableEvacuationOf(ops: readonly TSiteOperationSummary[]): TSiteOperationSummary | null {
  for (const o of newestFirst(ops)) {
    if (o.dryRun || LIVE.has(o.state)) continue;
    if (o.kind === "SITE_RETURN" && o.state === "SUCCEEDED") return null;
    if (o.kind === "EVACUATION") return o;
  }
  return null;
}
