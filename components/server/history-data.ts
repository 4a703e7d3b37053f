// Chart data for the server page: the history API's points, the live samples
// that arrived since (15 min and 1 h only: the longer ranges are rollups), and
// explicit gaps where the host did not answer or nothing was recorded, so a
// chart never draws a line across an outage.
import type { THistory, THistoryPoint } from "@/server/history/history.types";
import type { THostSampleEvent } from "@/server/fleet/fleet.types";

export type HistoryRange = THistory["range"];
export const HISTORY_RANGES: { value: HistoryRange; label: string; ms: number; live: boolean }[] = [
  { value: "15m", label: "15 min", ms: 15 * 60_000, live: true },
  { value: "1h", label: "1 h", ms: 3_600_000, live: true },
  { value: "24h", label: "24 h", ms: 86_400_000, live: false },
  { value: "7d", label: "7 d", ms: 7 * 86_400_000, live: false },
];

export function rangeInfo(range: HistoryRange) {
  return HISTORY_RANGES.find((r) => r.value === range) ?? HISTORY_RANGES[1]!;
}

const METRICS = ["cpu", "cpuMax", "mem", "disk", "load1", "rxBps", "txBps", "lag"] as const;

function blank(t: number): THistoryPoint {
  return { t, cpu: null, cpuMax: null, mem: null, disk: null, load1: null, rxBps: null, txBps: null, lag: null, up: 0 };
}

/** A live sample as a chart point; a failed poll (no new sample) is a gap, not a repeat of the last good values. */
export function livePoint(e: THostSampleEvent): THistoryPoint {
  const answered = e.host.lastSampleAt === e.at && e.metrics !== null;
  if (!answered) return blank(e.at);
  const m = e.metrics!;
  return { t: e.at, cpu: m.cpuPct, cpuMax: m.cpuPct, mem: m.memPct, disk: m.diskPct, load1: m.load1, rxBps: m.netRxBps, txBps: m.netTxBps, lag: m.lagSec, up: 1 };
}

/** Spacing between points beyond which the chart shows a gap. */
export function gapAfterMs(resolution: THistory["resolution"], pollMs: number): number {
  if (resolution === "minute") return 150_000;
  if (resolution === "hour") return 2.5 * 3_600_000;
  return Math.max(2.5 * pollMs, pollMs + 5000);
}

export type ChartSeries = { from: number; to: number; points: THistoryPoint[]; hasData: boolean };

export function chartSeries(history: THistory | undefined, live: readonly THistoryPoint[], opts: { range: HistoryRange; pollMs: number; now: number }): ChartSeries {
  const { ms, live: appendLive } = rangeInfo(opts.range);
  const base = history?.points ?? [];
  const lastT = base.length ? base[base.length - 1]!.t : (history?.to ?? -Infinity);
  const extra = appendLive ? live.filter((p) => p.t > lastT) : [];
  const to = Math.max(opts.now, history?.to ?? 0, extra.length ? extra[extra.length - 1]!.t : 0);
  const from = to - ms;
  const maxGap = gapAfterMs(history?.resolution ?? "raw", opts.pollMs);

  const points: THistoryPoint[] = [];
  let prev: THistoryPoint | undefined;
  let hasData = false;
  for (const p of [...base, ...extra]) {
    if (p.t < from) continue;
    if (prev && p.t - prev.t > maxGap) points.push(blank(prev.t + 1));
    // A bucket where the host never answered has nothing to plot.
    const q = p.up === 0 ? blank(p.t) : p;
    if (!hasData) hasData = METRICS.some((k) => q[k] !== null);
    points.push(q);
    prev = p;
  }
  // Silence since the last point (the host or Tandem stopped): end the line there.
  if (prev && to - prev.t > maxGap) points.push(blank(prev.t + 1));
  return { from, to, points, hasData };
}
