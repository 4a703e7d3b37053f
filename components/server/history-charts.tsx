"use client";

import { useQuery } from "@tanstack/react-query";
import { memo, useEffect, useId, useMemo, useRef } from "react";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { errorMessage, fetchJson } from "@/components/api/fetch-json";
import { serverNow } from "@/components/realtime/clock";
import { ErrorAlert } from "@/components/ui/messages";
import type { THistory, THistoryPoint } from "@/server/history/history.types";
import { chartSeries, HISTORY_RANGES, rangeInfo, type HistoryRange } from "./history-data";
import { formatBps, formatPct } from "./format";
import styles from "./server.module.css";

type Key = Exclude<keyof THistoryPoint, "t" | "up">;
type Series = { key: Key; label: string; color: string; dashed?: boolean };
type ChartSpec = { id: string; title: string; series: Series[]; format: (v: number) => string; axis: (v: number) => string; percent?: boolean };

const pct = (v: number) => formatPct(v, v < 10 ? 1 : 0);
const num = (v: number) => (Math.round(v * 100) / 100).toString();
const secs = (v: number) => `${Math.round(v * 10) / 10} s`;
const pctAxis = (v: number) => `${Math.round(v)} %`;
/** Axis ticks stay short: "4.8M" under a title that gives the unit. */
function bitsAxis(bytesPerSec: number): string {
  const bits = bytesPerSec * 8;
  for (const [d, u] of [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]] as const) if (bits >= d) return `${+(bits / d).toFixed(1)}${u}`;
  return String(Math.round(bits));
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric" });
const fullFmt = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** Round-time ticks across the range, in the browser's zone (15 min: every 3 min; 7 d: each midnight). */
const TICK_STEP: Record<HistoryRange, number> = { "15m": 3 * 60_000, "1h": 15 * 60_000, "24h": 4 * 3_600_000, "7d": 86_400_000 };
function ticksFor(range: HistoryRange, from: number, to: number): number[] {
  const step = TICK_STEP[range];
  const zone = new Date(from).getTimezoneOffset() * 60_000;
  const out: number[] = [];
  for (let t = Math.ceil((from - zone) / step) * step + zone; t <= to; t += step) out.push(t);
  return out;
}

/** "latest 23 %, peak 56 %" for one series; the latest of each for several. */
function summarize(points: THistoryPoint[], series: Series[], format: (v: number) => string): string {
  const parts: string[] = [];
  for (const [i, s] of series.entries()) {
    if (s.dashed) continue;
    let last: number | null = null;
    let max: number | null = null;
    for (const p of points) {
      const v = p[s.key];
      if (v === null) continue;
      last = v;
      if (max === null || v > max) max = v;
    }
    if (last === null) continue;
    parts.push(series.length === 1 || (i === 0 && series[1]?.dashed) ? `latest ${format(last)}, peak ${format(max!)}` : `${s.label} ${format(last)}`);
  }
  return parts.length ? parts.join(", ") : "no data in this range";
}

const MetricChart = memo(function MetricChart({ spec, points, from, to, range }: { spec: ChartSpec; points: THistoryPoint[]; from: number; to: number; range: HistoryRange }) {
  const titleId = useId();
  const summaryId = useId();
  const tick = (t: number) => (range === "7d" ? dayFmt.format(t) : timeFmt.format(t));
  const ticks = useMemo(() => ticksFor(range, from, to), [range, from, to]);
  return (
    <figure className={styles.chart} aria-labelledby={titleId} aria-describedby={summaryId}>
      <figcaption className={styles.chartCaption}>
        <h3 id={titleId}>{spec.title}</h3>
        <span id={summaryId} className={styles.chartSummary}>
          {summarize(points, spec.series, spec.format)}
        </span>
      </figcaption>
      <LineChart responsive style={{ width: "100%", height: 160 }} data={points} margin={{ top: 6, right: 10, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[from, to]}
          allowDataOverflow
          ticks={ticks}
          tickFormatter={tick}
          minTickGap={24}
          tick={{ fontSize: 11, fill: "var(--text-muted)" }}
          stroke="var(--border-strong)"
        />
        <YAxis
          width={48}
          domain={spec.percent ? [0, 100] : [0, "auto"]}
          tickFormatter={spec.axis}
          tick={{ fontSize: 11, fill: "var(--text-muted)" }}
          stroke="var(--border-strong)"
          allowDecimals
        />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(t) => fullFmt.format(Number(t))}
          formatter={(v, name) => [typeof v === "number" ? spec.format(v) : "no data", name]}
          contentStyle={{ background: "var(--surface)", border: "1px solid var(--border-strong)", borderRadius: 6, color: "var(--text)", fontSize: 12.5 }}
          labelStyle={{ color: "var(--text-muted)" }}
        />
        {spec.series.map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.label}
            type="linear"
            stroke={s.color}
            strokeWidth={s.dashed ? 1.25 : 1.75}
            strokeDasharray={s.dashed ? "4 3" : undefined}
            dot={false}
            activeDot={{ r: 3 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
      {spec.series.length > 1 ? (
        <ul className={styles.legend}>
          {spec.series.map((s) => (
            <li key={s.key}>
              <span className={styles.swatch} data-dashed={s.dashed || undefined} style={{ borderColor: s.color }} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
});

function specs(range: HistoryRange, showLag: boolean): ChartSpec[] {
  const rollup = !rangeInfo(range).live;
  const out: ChartSpec[] = [
    {
      id: "cpu",
      title: "CPU",
      percent: true,
      format: pct,
      axis: pctAxis,
      series: rollup
        ? [
            { key: "cpu", label: "average", color: "var(--chart-1)" },
            { key: "cpuMax", label: "peak", color: "var(--chart-2)", dashed: true },
          ]
        : [{ key: "cpu", label: "CPU", color: "var(--chart-1)" }],
    },
    { id: "memory", title: "Memory", percent: true, format: pct, axis: pctAxis, series: [{ key: "mem", label: "memory", color: "var(--chart-1)" }] },
    { id: "disk", title: "Disk (fullest filesystem)", percent: true, format: pct, axis: pctAxis, series: [{ key: "disk", label: "disk", color: "var(--chart-1)" }] },
    { id: "load", title: "Load (1 min)", format: num, axis: num, series: [{ key: "load1", label: "load", color: "var(--chart-1)" }] },
    {
      id: "network",
      title: "Network (bit/s)",
      format: formatBps,
      axis: bitsAxis,
      series: [
        { key: "rxBps", label: "received", color: "var(--chart-1)" },
        { key: "txBps", label: "sent", color: "var(--chart-3)" },
      ],
    },
  ];
  if (showLag) out.push({ id: "lag", title: "Replication lag", format: secs, axis: secs, series: [{ key: "lag", label: "lag", color: "var(--chart-2)" }] });
  return out;
}

/**
 * The server's charts over a chosen range: history from the API, live samples
 * appended for the short ranges, gaps where nothing answered.
 */
export function HistoryCharts({
  serverId,
  range,
  onRangeChange,
  live,
  pollMs,
  reconnects,
}: {
  serverId: string;
  range: HistoryRange;
  onRangeChange: (r: HistoryRange) => void;
  live: readonly THistoryPoint[];
  pollMs: number;
  /** Bumped when the live room is joined again: live points were missed, so history is fetched anew. */
  reconnects: number;
}) {
  const info = rangeInfo(range);
  const history = useQuery({
    queryKey: ["server-history", serverId, range],
    queryFn: ({ signal }) => fetchJson<THistory>(`/api/v1/servers/${encodeURIComponent(serverId)}/history?range=${range}`, { signal }),
    // Short ranges grow from live samples; long ones are rollups, refreshed as new buckets close.
    refetchInterval: info.live ? 5 * 60_000 : range === "24h" ? 60_000 : 10 * 60_000,
    staleTime: 10_000,
  });

  const { refetch } = history;
  const seen = useRef(reconnects);
  useEffect(() => {
    if (reconnects === seen.current) return;
    seen.current = reconnects;
    void refetch();
  }, [reconnects, refetch]);

  const series = useMemo(() => chartSeries(history.data, live, { range, pollMs, now: serverNow() }), [history.data, live, range, pollMs]);
  const showLag = series.points.some((p) => p.lag !== null);
  const charts = useMemo(() => specs(range, showLag), [range, showLag]);

  return (
    <section className="panel" aria-labelledby="charts-title">
      <div className="panel-header">
        <h2 id="charts-title">History</h2>
        <fieldset className={styles.segmented}>
          <legend className="visually-hidden">Time range</legend>
          {HISTORY_RANGES.map((r) => (
            <label key={r.value} data-checked={r.value === range || undefined}>
              <input type="radio" name="history-range" value={r.value} checked={r.value === range} onChange={() => onRangeChange(r.value)} />
              {r.label}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="panel-body">
        {history.isError ? <ErrorAlert>Could not load the history: {errorMessage(history.error)}</ErrorAlert> : null}
        {history.isPending ? (
          <div className={styles.charts} aria-busy="true">
            <p className={styles.chartsState}>Loading history…</p>
          </div>
        ) : !series.hasData ? (
          <p className={styles.chartsState}>
            {history.data?.points.length
              ? `No samples in the last ${info.label}: the server did not answer.`
              : "No history yet: the first samples arrive within one poll interval."}
          </p>
        ) : (
          <>
            <p className="hint">
              {history.data?.resolution === "raw" ? "Every sample" : history.data?.resolution === "minute" ? "Averages per minute" : "Averages per hour"}
              {info.live ? ", live" : ""}. Gaps are times with no answer.
            </p>
            <div className={styles.charts}>
              {charts.map((spec) => (
                <MetricChart key={spec.id} spec={spec} points={series.points} from={series.from} to={series.to} range={range} />
              ))}
            </div>
          </>
        )}
      </div>
    </section>
  );
}
