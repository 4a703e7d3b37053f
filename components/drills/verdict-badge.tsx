import { verdictLabel } from "./drill-format";
import type { TDrillSummary } from "./types";

/** Passed, failed or running, spelled out; the full verdict on hover. */
export function VerdictBadge({ drill }: { drill: Pick<TDrillSummary, "passed" | "state" | "verdict"> }) {
  const cls = drill.passed === null ? "badge-accent" : drill.passed ? "badge-success" : "badge-danger";
  return (
    <span className={`badge badge-dot ${cls}`} title={drill.verdict} data-verdict={drill.passed === null ? "running" : drill.passed ? "passed" : "failed"}>
      {verdictLabel(drill)}
    </span>
  );
}
