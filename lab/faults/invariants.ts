// The exerciser's invariants as pure functions of what it read and what it did,
// so each can be tested on its own (invariants.test.ts).
import type { AlertView, FaultRecord, GroupView, OperationView, PowerOffSighting, SimHostView } from "./model";
import { isEnded } from "./model";

export type Violation = { kind: "split-brain" | "false-failover" | "stuck-operation" | "lost-operation" | "alert-missing" | "alert-unresolved" | "server-error"; key: string; message: string };

/**
 * Two primaries in one group. Tandem's own view: two PRIMARY members. The hosts'
 * view: two members that believe they are primary and serve (on, not fenced,
 * reachable by their peers). A member Tandem holds FENCED is left out: it is
 * isolated and its claim is the "two primaries" alert, not a split brain.
 */
export function splitBrains(groups: GroupView[], hosts: SimHostView[]): Violation[] {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const out: Violation[] = [];
  for (const g of groups) {
    if (g.mode !== "ACTIVE_PASSIVE") continue;
    const primaries = g.members.filter((m) => m.role === "PRIMARY");
    if (primaries.length > 1) out.push({ kind: "split-brain", key: `${g.name}:tandem`, message: `${g.name}: Tandem lists ${primaries.length} primaries (${primaries.map((m) => m.name).join(", ")})` });
    const serving = g.members.filter((m) => {
      const h = byName.get(m.name);
      return h && m.adminState !== "FENCED" && h.role === "primary" && h.power === "on" && !h.fenced && !h.faults.some((f) => f.fault === "down" || f.fault === "hang");
    });
    if (serving.length > 1) out.push({ kind: "split-brain", key: `${g.name}:hosts`, message: `${g.name}: ${serving.map((m) => m.name).join(" and ")} both act as primary on the hosts` });
  }
  return out;
}

/**
 * Faults the peers see too, so a failover is right: the host down, hung or off,
 * or its critical service (the first, postgresql on the demo databases) stopped.
 * `cutoff`, `slow`, `host-key-changed`, `malformed-output` and the threshold
 * faults leave the primary reachable from its standbys: the second opinion must refuse.
 */
export const PEER_VISIBLE_FAULTS = new Set(["down", "hang", "power-off"]);

export function isPeerVisible(f: FaultRecord): boolean {
  if (PEER_VISIBLE_FAULTS.has(f.fault)) return true;
  // The sim stops the host's first service unless another is named; the exerciser never names one.
  return f.fault === "service-stopped" && f.params.service === undefined;
}

/** How far back a peer-visible failure still justifies a failover: detection (3 polls) plus decision and a restart's delay. */
export const JUSTIFY_WINDOW_MS = 90_000;

/** An automatic FAILOVER whose old primary had no peer-visible failure shortly before it started. */
export function falseFailover(op: OperationView, faults: FaultRecord[], sightings: PowerOffSighting[], hostName: (serverId: string) => string | undefined): Violation | null {
  if (op.kind !== "FAILOVER" || op.initiator !== "auto") return null;
  const fenceStep = op.steps.find((s) => s.action === "fence");
  const host = fenceStep?.serverId ? hostName(fenceStep.serverId) : undefined;
  if (!host) return null;
  const created = Date.parse(op.createdAt);
  const from = created - JUSTIFY_WINDOW_MS;
  const justified =
    faults.some((f) => f.host === host && isPeerVisible(f) && f.from <= created && (f.to === null || f.to >= from)) ||
    sightings.some((s) => s.host === host && s.at <= created && s.at >= from);
  if (justified) return null;
  const had = faults.filter((f) => f.host === host && f.from <= created && (f.to === null || f.to >= from)).map((f) => f.fault);
  return {
    kind: "false-failover",
    key: op.id,
    message: `automatic failover ${op.id} of ${host} at ${op.createdAt} without a fault its peers could see (faults then: ${had.join(", ") || "none"}): ${op.reason}`,
  };
}

/** Grace past a step's own timeout before RUNNING counts as stuck: the engine ticks, the DB may be restarting. */
export const STUCK_GRACE_MS = 20_000;
/** Between steps an operation has no step running; it should not stay that way long. */
export const BETWEEN_STEPS_MS = 30_000;

export function stuckOperation(op: OperationView, now: number): Violation | null {
  if (op.state !== "RUNNING" && op.state !== "PLANNED") return null;
  if (op.state === "PLANNED") {
    const age = now - Date.parse(op.createdAt);
    return age > BETWEEN_STEPS_MS + STUCK_GRACE_MS ? { kind: "stuck-operation", key: op.id, message: `${op.kind} ${op.id} PLANNED for ${Math.round(age / 1000)} s` } : null;
  }
  const running = op.steps.filter((s) => s.state === "RUNNING" && s.startedAt);
  for (const s of running) {
    const age = now - Date.parse(s.startedAt!);
    if (age > s.timeoutMs + STUCK_GRACE_MS)
      return { kind: "stuck-operation", key: op.id, message: `${op.kind} ${op.id} step ${s.index} (${s.action}) RUNNING for ${Math.round(age / 1000)} s, past its ${Math.round(s.timeoutMs / 1000)} s timeout` };
  }
  if (running.length === 0) {
    const last = Math.max(Date.parse(op.startedAt ?? op.createdAt), ...op.steps.map((s) => (s.endedAt ? Date.parse(s.endedAt) : 0)));
    const idle = now - last;
    // A rollout waits between hosts and batches by design (health gates, reboots); its steps carry the bound.
    if (op.kind !== "ROLLOUT" && idle > BETWEEN_STEPS_MS + STUCK_GRACE_MS)
      return { kind: "stuck-operation", key: op.id, message: `${op.kind} ${op.id} RUNNING with no step running for ${Math.round(idle / 1000)} s` };
  }
  return null;
}

/** Every operation Tandem accepted (202) must still exist after a restart. */
export function lostOperations(accepted: { id: string; step: number; kind: string }[], present: Set<string>): Violation[] {
  return accepted.filter((a) => !present.has(a.id)).map((a) => ({ kind: "lost-operation" as const, key: a.id, message: `${a.kind} ${a.id} (accepted at step ${a.step}) is gone` }));
}

/** At the end, after the settle phase, an accepted operation must have ended or wait for a person (PAUSED). */
export function unfinishedOperation(op: OperationView): Violation | null {
  if (isEnded(op.state) || op.state === "PAUSED") return null;
  return { kind: "stuck-operation", key: op.id, message: `${op.kind} ${op.id} still ${op.state} after the settle phase` };
}

/**
 * Which alert source a fault must raise, and how long the fault must last
 * before it is due (the rule's hold plus detection: server/alerts/default-rules.ts,
 * 2 s demo polls, DOWN after 3 failed polls). Faults not listed raise nothing of their own.
 */
export const EXPECTED_ALERTS: Record<string, { source: string; dueAfterMs: number; needsAnswers: boolean }> = {
  down: { source: "host-down", dueAfterMs: 15_000, needsAnswers: false },
  "power-off": { source: "host-down", dueAfterMs: 15_000, needsAnswers: false },
  cutoff: { source: "host-down", dueAfterMs: 15_000, needsAnswers: false },
  // A hung host times polls out (10 s connect timeout) before they count as failures.
  hang: { source: "host-down", dueAfterMs: 45_000, needsAnswers: false },
  "raid-degraded": { source: "raid", dueAfterMs: 10_000, needsAnswers: true },
  "disk-full": { source: "disk", dueAfterMs: 10_000, needsAnswers: true },
  "host-key-changed": { source: "host-key", dueAfterMs: 12_000, needsAnswers: false },
  "service-stopped": { source: "service", dueAfterMs: 45_000, needsAnswers: true },
  "replication-lag": { source: "replication-lag", dueAfterMs: 80_000, needsAnswers: true },
  "malformed-output": { source: "agent-error", dueAfterMs: 80_000, needsAnswers: false },
  "high-cpu": { source: "cpu", dueAfterMs: 320_000, needsAnswers: true },
};

/** Faults that stop a host answering polls: a threshold alert cannot be due while one overlaps. */
const SILENCING = new Set(["down", "hang", "cutoff", "power-off", "host-key-changed", "malformed-output", "slow"]);
/** Faults under which no SSH handshake completes. */
const UNCONNECTABLE = new Set(["down", "hang", "cutoff", "power-off"]);

export type AlertDue = { fault: FaultRecord; source: string };

/**
 * The faults whose alert was due: on long enough, on a host that answered
 * meanwhile when the alert needs samples, not cut by a restart of Tandem (the
 * simulator restarts with it) and not overlapping a power-off sighting.
 */
export function alertsDue(faults: FaultRecord[], sightings: PowerOffSighting[], restarts: { from: number; to: number }[], now: number): AlertDue[] {
  const out: AlertDue[] = [];
  for (const f of faults) {
    const exp = EXPECTED_ALERTS[f.fault];
    if (!exp) continue;
    const end = f.to ?? now;
    if (end - f.from < exp.dueAfterMs) continue;
    if (restarts.some((r) => r.from < end && r.to > f.from)) continue;
    if (exp.needsAnswers) {
      const silenced = faults.some((o) => o !== f && o.host === f.host && SILENCING.has(o.fault) && o.from < end && (o.to ?? now) > f.from);
      if (silenced || sightings.some((s) => s.host === f.host && s.at >= f.from && s.at <= end)) continue;
    }
    // A changed host key is seen only by connecting: not while the host refuses or drops connections the whole time.
    if (f.fault === "host-key-changed" && faults.some((o) => o.host === f.host && UNCONNECTABLE.has(o.fault) && o.from <= f.from && (o.to ?? now) >= end)) continue;
    out.push({ fault: f, source: exp.source });
  }
  return out;
}

/** Was the due alert raised? Any alert of that source on that host open at some time during the fault (suppressed ones count: a window holds them back, they still exist). */
export function alertFired(due: AlertDue, alerts: AlertView[], now: number, slackMs = 20_000): boolean {
  const from = due.fault.from;
  const to = (due.fault.to ?? now) + slackMs;
  return alerts.some((a) => a.source === due.source && a.server?.name === due.fault.host && Date.parse(a.firstSeenAt) <= to && (a.resolvedAt === null || Date.parse(a.resolvedAt) >= from));
}

/** Alerts of fault sources still open once every fault is cleared and the fleet settled. */
export const FAULT_SOURCES = new Set([...Object.values(EXPECTED_ALERTS).map((e) => e.source), "host-unreachable", "two-primaries"]);

/**
 * A flapping alert (4 changes in 10 min) stays open until its condition has
 * been clear for 5 min (server/alerts/lifecycle.ts, by design): once its host
 * answers again it is damped, not unresolved. `answering` says whether it does.
 */
export function isDamped(a: AlertView, answering: (serverId: string) => boolean): boolean {
  return a.flapping === true && a.server !== null && answering(a.server.id);
}

export function unresolvedAlerts(open: AlertView[], answering: (serverId: string) => boolean = () => false): Violation[] {
  return open
    .filter((a) => FAULT_SOURCES.has(a.source) && a.state !== "RESOLVED" && !isDamped(a, answering))
    .map((a) => ({ kind: "alert-unresolved" as const, key: a.id, message: `alert "${a.title}" (${a.source}${a.server ? ` on ${a.server.name}` : ""}) still ${a.state} after every fault was cleared` }));
}

/** After the database is back, how long Tandem may still answer 503 (its pool reconnecting). */
export const DB_RECOVERY_GRACE_MS = 5_000;

/**
 * A 5xx is a violation, except a 503 while Tandem's own database is restarting
 * (and for a few seconds after): Tandem says it cannot serve rather than
 * failing; a 500 there is still a violation.
 */
export function serverErrorAllowed(call: { status: number; at: number }, outages: { from: number; to: number | null }[]): boolean {
  if (call.status !== 503) return false;
  return outages.some((o) => call.at >= o.from && (o.to === null || call.at <= o.to + DB_RECOVERY_GRACE_MS));
}
