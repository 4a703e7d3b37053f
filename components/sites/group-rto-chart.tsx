"use client";

import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from "recharts";
import { formatMs } from "@/components/operations/labels";
import type { TSiteOperationReport } from "./types";
// The drill charts' look, so RTO charts read alike.
import styles from "@/components/drills/drills.module.css";

type TGroupRow = TSiteOperationReport["groups"][number];

const OK = "var(--chart-1)";
const FAILED = "var(--state-down-solid)";
const axisTick = (ms: number) => (ms === 0 ? "0" : ms < 1000 ? `${Math.round(ms)} ms` : `${+(ms / 1000).toFixed(1)} s`);

/** RTO of each group that moved, in the order they ran: the slow ones stand out (with two or more to compare). */
export function GroupRtoChart({ groups, title }: { groups: readonly TGroupRow[]; title: string }) {
  const titleId = useId();
  const data = groups.filter((g) => g.rtoMs !== null).map((g) => ({ name: g.name, rto: g.rtoMs as number, failed: g.state === "FAILED" }));
  if (data.length < 2) return null;
  const slowest = data.reduce((a, b) => (b.rto > a.rto ? b : a));
  return (
    <figure className={styles.chart} aria-labelledby={titleId} data-testid="rto-chart">
      <figcaption className={styles.chartCaption}>
        <h3 id={titleId}>{title}</h3>
        <span className="muted">
          {data.length} {data.length === 1 ? "group" : "groups"}; slowest {slowest.name} at {formatMs(slowest.rto)}
        </span>
      </figcaption>
      <BarChart responsive style={{ width: "100%", height: Math.min(320, 120 + data.length * 4) }} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis dataKey="name" tick={{ fontSize: 11, fill: "var(--text-muted)" }} stroke="var(--border-strong)" interval="preserveStartEnd" />
        <YAxis type="number" width={56} tickFormatter={axisTick} tick={{ fontSize: 11, fill: "var(--text-muted)" }} stroke="var(--border-strong)" />
        <Tooltip
          isAnimationActive={false}
          cursor={{ fill: "var(--surface-hover)" }}
          content={({ active, payload }) => {
            const d = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
            if (!d) return null;
            return (
              <div className={styles.tooltip}>
                {d.name}: RTO {formatMs(d.rto)}
                {d.failed ? " (failed)" : ""}
              </div>
            );
          }}
        />
        <Bar dataKey="rto" isAnimationActive={false} maxBarSize={48}>
          {data.map((d) => (
            <Cell key={d.name} fill={d.failed ? FAILED : OK} />
          ))}
        </Bar>
      </BarChart>
    </figure>
  );
}
