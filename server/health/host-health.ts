// The health state machine of one host. Pure: the clock is the outcome's time.
//   UNKNOWN ── first answer ──> UP / DEGRADED / AGENT_ERROR
//   a failed poll: UNREACHABLE (stale, not yet down); `downAfter` in a row: DOWN
//   after UNREACHABLE or DOWN, `riseAfter` good polls in a row before UP again
//   a changed host key stays UNREACHABLE (the host answers; we refuse it), never DOWN
import type { HealthPolicy, PollOutcome, THostMetrics, THostState } from "./health.types";
import type { TAgentSample } from "../agent/agent-sample.types";
import { deriveMetrics } from "./derive-metrics";

export type HostHealth = {
  state: THostState;
  since: Date;
  reason: string | null;
  failures: number;
  successes: number;
  lastGoodAt: Date | null;
  lastSample: { sample: TAgentSample; at: Date } | null;
  metrics: THostMetrics | null;
};

export type Transition = { from: THostState; to: THostState; reason: string | null; at: Date };

export function initialHealth(now: Date, state: THostState = "UNKNOWN", since: Date = now, reason: string | null = null): HostHealth {
  return { state, since, reason, failures: 0, successes: 0, lastGoodAt: null, lastSample: null, metrics: null };
}

/** Which thresholds a good sample breaches, in words. Empty: healthy. */
export function breaches(m: THostMetrics, policy: HealthPolicy): string[] {
  const t = policy.thresholds;
  const out: string[] = [];
  if (m.cpuPct !== null && m.cpuPct >= t.cpuPct) out.push(`cpu ${m.cpuPct}% ≥ ${t.cpuPct}%`);
  if (m.memPct >= t.memPct) out.push(`memory ${m.memPct}% ≥ ${t.memPct}%`);
  if (m.diskPct !== null && m.diskPct >= t.diskPct) out.push(`disk ${m.diskMount} ${m.diskPct}% ≥ ${t.diskPct}%`);
  if (m.swapPct !== null && m.swapPct >= t.swapPct) out.push(`swap ${m.swapPct}% ≥ ${t.swapPct}%`);
  if (m.cpuCount > 0 && m.load1 / m.cpuCount >= t.loadPerCpu) out.push(`load ${m.load1} on ${m.cpuCount} cpu`);
  if (m.lagSec !== null && m.lagSec >= t.lagSec) out.push(`replication lag ${m.lagSec}s ≥ ${t.lagSec}s`);
  for (const r of m.raidDegraded) out.push(`RAID ${r} degraded`);
  for (const s of m.servicesDown) out.push(`service ${s} not active`);
  return out;
}

/** Applies one poll outcome; returns the new health and the transition, if the state changed. */
export function applyOutcome(h: HostHealth, o: PollOutcome, policy: HealthPolicy): { health: HostHealth; transition: Transition | null } {
  const next: HostHealth = { ...h };
  let to: THostState;
  let reason: string | null;

  if (o.ok) {
    next.failures = 0;
    next.successes = h.successes + 1;
    next.lastGoodAt = o.at;
    next.metrics = deriveMetrics(o.sample, h.lastSample, o.at);
    next.lastSample = { sample: o.sample, at: o.at };
    const problems = breaches(next.metrics, policy);
    const wasOut = h.state === "DOWN" || h.state === "UNREACHABLE";
    if (wasOut && next.successes < policy.riseAfter) {
      to = h.state; // hysteresis: not up until it has answered riseAfter times in a row
      reason = `answering again (${next.successes}/${policy.riseAfter})`;
    } else {
      to = problems.length ? "DEGRADED" : "UP";
      reason = problems.length ? problems.join("; ") : null;
    }
  } else if (o.kind === "local") {
    // Tandem's own machine failed (out of file descriptors, memory, ports): nothing is known
    // of the server, so it is neither counted as failing nor kept as what it last was.
    to = "UNKNOWN";
    reason = o.message;
  } else if (o.kind === "agent") {
    // The host answers, its agent does not make sense: neither up nor down.
    next.failures = 0;
    next.successes = 0;
    to = "AGENT_ERROR";
    reason = o.message;
  } else {
    next.successes = 0;
    next.failures = h.failures + 1;
    // The host answers; we refuse it (changed key, bad login) or cannot record its key yet: not down.
    if (o.kind === "host-key" || o.kind === "auth" || o.kind === "pin") {
      to = "UNREACHABLE";
      reason = o.message;
    } else {
      to = next.failures >= policy.downAfter ? "DOWN" : "UNREACHABLE";
      reason = `${o.message} (${Math.min(next.failures, policy.downAfter)}/${policy.downAfter} failed polls)`;
    }
  }

  next.reason = reason;
  if (to === h.state) return { health: next, transition: null };
  next.state = to;
  next.since = o.at;
  return { health: next, transition: { from: h.state, to, reason, at: o.at } };
}
