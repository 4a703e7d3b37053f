// Pure wording and data shaping for drills: freshness in words, the RTO trend's
// points, verdicts. No React, so they are unit-tested.
import type { TDrillFreshness, TDrillSummary } from "./types";

/** "today", "1 day ago", "12 days ago" from a fractional day count. */
export function daysAgoText(days: number): string {
  const whole = Math.floor(days);
  if (whole < 1) return "today";
  return whole === 1 ? "1 day ago" : `${whole} days ago`;
}

/** The freshness line a group shows: when it last passed a live drill, or that it never did. */
export function freshnessText(f: Pick<TDrillFreshness, "daysSince">): string {
  return f.daysSince === null ? "Never drilled" : `Last passing live drill ${daysAgoText(f.daysSince)}`;
}

/** Short form for a table cell: "3 days ago", "Never". */
export function freshnessShort(f: Pick<TDrillFreshness, "daysSince">): string {
  return f.daysSince === null ? "Never" : daysAgoText(f.daysSince);
}

/** Why a stale group is flagged, or null when it is fresh. */
export function staleReason(f: Pick<TDrillFreshness, "daysSince" | "stale">, maxAgeDays: number): string | null {
  if (!f.stale) return null;
  return f.daysSince === null ? "No live drill has passed yet" : `Older than ${maxAgeDays} ${maxAgeDays === 1 ? "day" : "days"}`;
}

export type TTrendPoint = {
  operationId: string;
  /** When it ended (or started, while the end is unknown), epoch ms. */
  t: number;
  /** Seconds; 0 for a failed drill without an RTO, which sits on the axis. */
  rto: number;
  passed: boolean;
  /** A failed drill that never measured an RTO. */
  onAxis: boolean;
  verdict: string;
};

/** Ended live drills, oldest first, as points of the RTO trend. */
export function rtoTrend(drills: readonly TDrillSummary[]): TTrendPoint[] {
  return drills
    .filter((d) => d.mode === "live" && d.passed !== null)
    .filter((d) => d.passed === false || d.rtoMs !== null)
    .map((d) => ({
      operationId: d.operationId,
      t: Date.parse(d.endedAt ?? d.createdAt),
      rto: d.rtoMs === null ? 0 : d.rtoMs / 1000,
      passed: d.passed === true,
      onAxis: d.rtoMs === null,
      verdict: d.verdict,
    }))
    .sort((a, b) => a.t - b.t);
}

export const modeText = (mode: TDrillSummary["mode"]) => (mode === "live" ? "Live" : "Dry run");
/** A drill's name as a title: "Live drill", "Dry run". */
export const drillTitle = (mode: TDrillSummary["mode"]) => (mode === "live" ? "Live drill" : "Dry run");

/** "Passed", "Failed", "Running" from the summary's tri-state. */
export function verdictLabel(d: Pick<TDrillSummary, "passed" | "state">): string {
  if (d.passed === null) return d.state === "PAUSED" ? "Paused" : "Running";
  return d.passed ? "Passed" : "Failed";
}
