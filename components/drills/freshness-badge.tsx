import { freshnessShort, freshnessText, staleReason } from "./drill-format";
import type { TDrillFreshness } from "./types";

/** How recently the group passed a live drill; a warning when that is too long ago (or never). */
export function FreshnessBadge({ freshness, maxAgeDays, short }: { freshness: TDrillFreshness; maxAgeDays: number; short?: boolean }) {
  const why = staleReason(freshness, maxAgeDays);
  return (
    <span className={`badge badge-dot ${why ? "badge-warning" : "badge-success"}`} data-stale={freshness.stale} title={why ?? undefined} data-testid="drill-freshness">
      {short ? freshnessShort(freshness) : freshnessText(freshness)}
      {why ? <span className="visually-hidden"> (stale: {why})</span> : null}
    </span>
  );
}
