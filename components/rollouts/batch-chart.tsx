"use client";

import { Bar, BarChart, Cell, LabelList, Tooltip, XAxis } from "recharts";
import type { TPlannedBatch } from "./types";
import styles from "./rollouts.module.css";

const IN_WINDOW = "var(--accent)";
const AFTER_CUTOFF = "var(--warning)";

/** Hosts per batch at a glance; a batch past the window's cutoff is drawn in the warning colour (and listed as such below). */
export function BatchChart({ batches }: { batches: readonly TPlannedBatch[] }) {
  if (batches.length < 2) return null;
  const data = batches.map((b) => ({ name: `${b.index + 1}`, hosts: b.hosts.length, afterCutoff: b.afterCutoff }));
  return (
    <figure className={styles.chart} aria-label={`Hosts per batch: ${data.map((d) => d.hosts).join(", ")}`}>
      <BarChart responsive style={{ width: "100%", height: 120 }} data={data} margin={{ top: 16, right: 4, bottom: 0, left: 4 }}>
        <XAxis dataKey="name" tick={{ fontSize: 11, fill: "var(--text-muted)" }} stroke="var(--border-strong)" interval="preserveStartEnd" />
        <Tooltip
          isAnimationActive={false}
          cursor={{ fill: "var(--surface-hover)" }}
          content={({ active, payload }) => {
            const d = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
            if (!d) return null;
            return (
              <div className={styles.tooltip}>
                Batch {d.name}: {d.hosts} {d.hosts === 1 ? "host" : "hosts"}
                {d.afterCutoff ? " (after the window's cutoff)" : ""}
              </div>
            );
          }}
        />
        <Bar dataKey="hosts" isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.name} fill={d.afterCutoff ? AFTER_CUTOFF : IN_WINDOW} />
          ))}
          <LabelList dataKey="hosts" position="top" style={{ fontSize: 11, fill: "var(--text-muted)" }} />
        </Bar>
      </BarChart>
    </figure>
  );
}
