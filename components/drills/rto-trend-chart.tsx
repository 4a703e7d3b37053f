"use client";

import { useId, useMemo } from "react";
import { CartesianGrid, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatMs } from "@/components/operations/labels";
import { rtoTrend, type TTrendPoint } from "./drill-format";
import type { TDrillSummary } from "./types";
import styles from "./drills.module.css";

const PASSED = "var(--state-up-solid)";
const FAILED = "var(--state-down-solid)";
const dayFmt = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const fullFmt = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** Short ticks: "150 ms" under a second, then "2.5 s". */
const axisTick = (seconds: number) => (seconds === 0 ? "0" : seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${+seconds.toFixed(1)} s`);

type DotProps = { cx?: number; cy?: number; payload?: TTrendPoint };

/** A passed drill is a green dot, a failed one red; a failure without an RTO is a red cross on the axis. */
function Dot({ cx = 0, cy = 0, payload }: DotProps) {
  if (!payload) return <g />;
  if (payload.onAxis) {
    return (
      <path d={`M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx - 5},${cy + 5}L${cx + 5},${cy - 5}`} stroke={FAILED} strokeWidth={2} data-passed="false" data-testid="trend-point" />
    );
  }
  return <circle cx={cx} cy={cy} r={5} fill={payload.passed ? PASSED : FAILED} stroke="var(--surface)" strokeWidth={1.5} data-passed={payload.passed} data-testid="trend-point" />;
}

function summary(points: TTrendPoint[]): string {
  const measured = points.filter((p) => !p.onAxis);
  const failed = points.filter((p) => !p.passed).length;
  const last = measured.at(-1);
  const parts = [`${points.length} live ${points.length === 1 ? "drill" : "drills"}, ${failed} failed`];
  if (last) parts.push(`latest RTO ${formatMs(last.rto * 1000)}`);
  return parts.join("; ");
}

/** RTO of each ended live drill over time: the trend a drill programme should flatten. */
export function RtoTrendChart({ drills }: { drills: readonly TDrillSummary[] }) {
  const titleId = useId();
  const summaryId = useId();
  const points = useMemo(() => rtoTrend(drills), [drills]);
  if (points.length === 0) return <p className="muted">No live drill has ended yet: its RTO will be plotted here.</p>;
  const first = points[0]!.t;
  const last = points.at(-1)!.t;
  const pad = Math.max(3_600_000, (last - first) * 0.05);
  return (
    <figure className={styles.chart} aria-labelledby={titleId} aria-describedby={summaryId} data-testid="rto-trend">
      <figcaption className={styles.chartCaption}>
        <h3 id={titleId}>RTO of live drills</h3>
        <span id={summaryId} className="muted">
          {summary(points)}
        </span>
      </figcaption>
      <ScatterChart responsive style={{ width: "100%", height: 200 }} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[first - pad, last + pad]}
          tickFormatter={(t: number) => dayFmt.format(t)}
          minTickGap={24}
          tick={{ fontSize: 11, fill: "var(--text-muted)" }}
          stroke="var(--border-strong)"
        />
        <YAxis dataKey="rto" type="number" width={56} domain={[0, "auto"]} tickFormatter={axisTick} tick={{ fontSize: 11, fill: "var(--text-muted)" }} stroke="var(--border-strong)" />
        <Tooltip
          isAnimationActive={false}
          cursor={false}
          content={({ active, payload }) => {
            const p = active ? (payload?.[0]?.payload as TTrendPoint | undefined) : undefined;
            if (!p) return null;
            return (
              <div className={styles.tooltip}>
                <strong>{fullFmt.format(p.t)}</strong>
                <div>{p.onAxis ? "No RTO measured" : `RTO ${formatMs(p.rto * 1000)}`}</div>
                <div>{p.verdict}</div>
              </div>
            );
          }}
        />
        <Scatter name="RTO" data={points} line={{ stroke: "var(--chart-1)", strokeWidth: 1.5 }} lineJointType="linear" shape={(props: unknown) => <Dot {...(props as DotProps)} />} isAnimationActive={false} />
      </ScatterChart>
      <ul className={styles.legend}>
        <li>
          <span className={styles.swatch} style={{ background: PASSED }} aria-hidden="true" /> Passed
        </li>
        <li>
          <span className={styles.swatch} style={{ background: FAILED }} aria-hidden="true" /> Failed (a cross on the axis: no RTO measured)
        </li>
      </ul>
    </figure>
  );
}
