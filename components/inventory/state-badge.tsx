"use client";

import { useEffect, useState } from "react";
import type { THostState } from "./types";

const tone: Record<THostState, string> = {
  UP: "badge-success",
  DEGRADED: "badge-warning",
  UNREACHABLE: "badge-danger",
  DOWN: "badge-danger",
  AGENT_ERROR: "badge-danger",
  UNKNOWN: "",
  MAINTENANCE: "badge-accent",
};

const label: Record<THostState, string> = {
  UP: "Up",
  DEGRADED: "Degraded",
  UNREACHABLE: "Unreachable",
  DOWN: "Down",
  AGENT_ERROR: "Agent error",
  UNKNOWN: "Unknown",
  MAINTENANCE: "Maintenance",
};

export function stateLabel(s: THostState): string {
  return label[s];
}

/** Re-renders every `ms` so ages keep counting between data refreshes. */
export function useNow(ms = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** "12 s", "5 min", "3 h", "2 d": how long ago, compactly. */
export function age(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

export function StateBadge({ state, since, reason, now }: { state: THostState; since: string; reason: string | null; now: number }) {
  return (
    <span className="nowrap" title={reason ?? undefined}>
      <span className={`badge badge-dot ${tone[state]}`}>{label[state]}</span> <span className="muted">for {age(since, now)}</span>
    </span>
  );
}
