import { z } from "zod";

export const HOST_STATES = ["UNKNOWN", "UP", "DEGRADED", "UNREACHABLE", "DOWN", "AGENT_ERROR", "MAINTENANCE"] as const;
export const ZHostState = z.enum(HOST_STATES);
export type THostState = z.infer<typeof ZHostState>;

/** What one poll found: a valid sample, or a failure of a known kind. */
export type PollOutcome =
  | { ok: true; at: Date; sample: import("../agent/agent-sample.types").TAgentSample; latencyMs: number }
  | { ok: false; at: Date; kind: "connect" | "timeout" | "host-key" | "auth" | "pin" | "agent" | "local"; message: string };

/** Metrics derived from a sample and the one before it (rates need two). */
export type THostMetrics = {
  cpuPct: number | null;
  memPct: number;
  swapPct: number | null;
  load1: number;
  load5: number;
  load15: number;
  cpuCount: number;
  /** The fullest disk. */
  diskPct: number | null;
  diskMount: string | null;
  netRxBps: number | null;
  netTxBps: number | null;
  lagSec: number | null;
  uptimeSec: number;
  raidDegraded: string[];
  servicesDown: string[];
};

export type Thresholds = {
  cpuPct: number;
  memPct: number;
  diskPct: number;
  swapPct: number;
  /** Load per CPU. */
  loadPerCpu: number;
  lagSec: number;
};

export type HealthPolicy = {
  /** Consecutive failed polls before a host is confirmed DOWN. */
  downAfter: number;
  /** Consecutive good polls before a DOWN or UNREACHABLE host counts as up again. */
  riseAfter: number;
  thresholds: Thresholds;
};

export const DEFAULT_HEALTH_POLICY: HealthPolicy = {
  downAfter: 3,
  riseAfter: 2,
  thresholds: { cpuPct: 90, memPct: 90, diskPct: 90, swapPct: 80, loadPerCpu: 2, lagSec: 30 },
};
