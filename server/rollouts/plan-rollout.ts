// The redundancy-aware rollout planner (DESIGN section 9), pure: it sees the
// fleet as plain data and returns the batches an operator previews, the hosts
// it cannot schedule and why. Rules:
// - A member serves when redundancy.ts says so (unavailableBecause). Taking a
//   host out costs 1 in each group where it serves now, 0 where it does not.
// - During a batch every group keeps at least minHealthy serving (AT_RISK
//   allowed, BROKEN never). Earlier batches count as back when a batch starts.
// - With switchoverPrimaries an ACTIVE_PASSIVE primary goes in a batch after
//   all of its group's scheduled standbys, switched over to the standby the
//   failover would choose (selectCandidate: highest priority, least lag, name).
// - Hosts are placed first-fit in a stable order (non-primaries, then
//   primaries; by name): the earliest batch with room in which none of its
//   groups would break. A host that fits alone always fits in a new batch, so
//   planning ends; one that does not fit alone is unschedulable.
// Placement keeps counters per (batch, group) and, per group, the first batch
// with room for it, so a plan of 10,000 hosts takes milliseconds, not n².
import { selectCandidate } from "../failover/select-candidate";
import { unavailableBecause, type MemberView } from "../groups/redundancy";
import type { THostState } from "../health/health.types";
import type { TBatchGroupImpact, TBatchSize, TPlannedBatch, TPlannedHost, TRebootPolicy, TRolloutPlan, TUnschedulable } from "./rollouts.types";

export type PlannerServer = {
  id: string;
  name: string;
  siteName: string | null;
  /** Live health (never MAINTENANCE: being in a window is `maintenance`). */
  hostState: THostState;
  /** The title of the maintenance window it is in now, if any. */
  maintenance: string | null;
  /** null: not counted yet (still schedulable). */
  pendingUpdates: number | null;
  securityUpdates: number | null;
  rebootRequired: boolean;
  lagSec: number | null;
  /** Per group id, that group's critical services the agent reports down. */
  criticalServicesDown?: Record<string, string[]>;
};
export type PlannerMember = { serverId: string; role: "PRIMARY" | "STANDBY" | "ACTIVE"; adminState: "IN_SERVICE" | "DRAINED" | "MAINTENANCE" | "FENCED"; priority: number };
export type PlannerGroup = { id: string; name: string; mode: "ACTIVE_PASSIVE" | "ACTIVE_ACTIVE"; minHealthy: number; maxLagSec: number | null; members: PlannerMember[] };
export type PlannerInput = {
  /** Servers the targets resolved to, in a stable order (duplicates are ignored). */
  targetIds: string[];
  /** At least every target and every member of every group below. */
  servers: ReadonlyMap<string, PlannerServer>;
  /** Every group any target belongs to. */
  groups: PlannerGroup[];
  /** The ramp; the last size repeats. */
  batches: TBatchSize[];
  switchoverPrimaries: boolean;
  rebootPolicy: TRebootPolicy;
  window: { id: string; title: string; endsAt: Date; cutoffMs: number } | null;
  now: Date;
  /** How long one batch takes, for placing batches in the window. */
  estimatedHostMs: number;
};

/** Host states Tandem cannot patch through: it must reach the host over SSH. */
const UNREACHABLE = new Set<THostState>(["DOWN", "UNREACHABLE", "UNKNOWN", "AGENT_ERROR"]);

/** Batch `index`'s size over `total` scheduled hosts: a count, or a percent rounded up; at least 1. */
export function batchSize(ramp: TBatchSize[], index: number, total: number): number {
  if (!ramp.length) throw new Error("a rollout needs at least one batch size");
  const size = ramp[Math.min(index, ramp.length - 1)]!;
  if (typeof size === "number") return Math.max(1, size);
  return Math.max(1, Math.ceil((total * Number(size.slice(0, -1))) / 100));
}

export function memberView(s: PlannerServer, m: PlannerMember, groupId: string): MemberView {
  return { serverId: s.id, name: s.name, role: m.role, adminState: m.adminState, hostState: s.hostState, siteId: null, maintenance: s.maintenance, lagSec: s.lagSec, criticalServicesDown: s.criticalServicesDown?.[groupId] };
}

/** Serving now, by the same rules as the group's redundancy (a missing server does not serve). */
export function serves(g: PlannerGroup, m: PlannerMember, servers: ReadonlyMap<string, PlannerServer>): boolean {
  const s = servers.get(m.serverId);
  return s !== undefined && unavailableBecause(memberView(s, m, g.id), g.mode, g.maxLagSec).length === 0;
}

const belowMinimum = (g: PlannerGroup, serving: number) => `would take ${g.name} below its minimum: ${serving} serving, minimum ${g.minHealthy}`;
const notReachable = (state: THostState) => `host is ${state}: Tandem cannot patch what it cannot reach`;

/**
 * The runner's guard before it takes a host out: null when `serverId` can go
 * now, given the live state and the hosts already out (`out`, counted as not
 * serving); otherwise why not. `groups` are (at least) the host's groups.
 */
export function whyNotNow(serverId: string, groups: readonly PlannerGroup[], servers: ReadonlyMap<string, PlannerServer>, out: ReadonlySet<string>): string | null {
  const server = servers.get(serverId);
  if (!server) return "server not found";
  if (UNREACHABLE.has(server.hostState)) return notReachable(server.hostState);
  for (const g of groups) {
    const self = g.members.find((m) => m.serverId === serverId);
    if (!self) continue;
    if (self.adminState === "FENCED") return `fenced in ${g.name}: Tandem never touches a fenced member`;
    if (out.has(serverId) || !serves(g, self, servers)) continue;
    let serving = 0;
    for (const m of g.members) if (!out.has(m.serverId) && serves(g, m, servers)) serving++;
    if (serving - 1 < g.minHealthy) return belowMinimum(g, serving);
  }
  return null;
}

type Membership = { g: number; m: PlannerMember; serving: boolean };
type Host = { server: PlannerServer; of: Membership[]; primaryOf: number[]; switchover: TPlannedHost["switchover"] };

const listNames = (names: string[], max = 5) => (names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")} and ${names.length - max} more`);
const byName = (a: { name: string; id: string }, b: { name: string; id: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function planRollout(input: PlannerInput): Omit<TRolloutPlan, "planMs"> {
  const { servers, groups } = input;
  const targetIds = [...new Set(input.targetIds)];
  const serving = groups.map(() => 0);
  const membership = new Map<string, Membership[]>();
  groups.forEach((g, gi) => {
    for (const m of g.members) {
      const x = { g: gi, m, serving: serves(g, m, servers) };
      if (x.serving) serving[gi]!++;
      const list = membership.get(m.serverId);
      if (list) list.push(x);
      else membership.set(m.serverId, [x]);
    }
  });
  const slack = groups.map((g, i) => serving[i]! - g.minHealthy);

  const unschedulable: TUnschedulable[] = [];
  const hosts: Host[] = [];
  for (const id of targetIds) {
    const server = servers.get(id);
    if (!server) {
      unschedulable.push({ serverId: id, name: id, reason: "server not found" });
      continue;
    }
    const of = membership.get(id) ?? [];
    const primaryOf = of.filter((x) => x.m.role === "PRIMARY" && groups[x.g]!.mode === "ACTIVE_PASSIVE").map((x) => x.g);
    const host: Host = { server, of, primaryOf, switchover: null };
    const reason = whyNotPlanned(host, input, serving, slack);
    if (reason) unschedulable.push({ serverId: id, name: server.name, reason });
    else hosts.push(host);
  }

  const ordered = orderForPlacement(hosts, input, unschedulable);
  const batches = place(ordered, input, slack);
  const plannedBatches = describeBatches(batches, input, serving);
  unschedulable.sort((a, b) => byName({ name: a.name, id: a.serverId }, { name: b.name, id: b.serverId }));
  const cutoffAt = input.window ? new Date(input.window.endsAt.getTime() - input.window.cutoffMs) : null;
  return {
    targeted: targetIds.length,
    scheduled: ordered.length,
    batches: plannedBatches,
    unschedulable,
    window: input.window && cutoffAt ? { id: input.window.id, title: input.window.title, endsAt: input.window.endsAt.toISOString(), cutoffAt: cutoffAt.toISOString() } : null,
    warnings: warningsFor(input, ordered, plannedBatches, serving, unschedulable.length),
  };
}

/** Why a target cannot be in any batch, or null (and its switchover target set). */
function whyNotPlanned(host: Host, input: PlannerInput, serving: number[], slack: number[]): string | null {
  const { server, of } = host;
  const groups = input.groups;
  const fenced = of.find((x) => x.m.adminState === "FENCED");
  if (fenced) return `fenced in ${groups[fenced.g]!.name}: Tandem never touches a fenced member`;
  if (UNREACHABLE.has(server.hostState)) return notReachable(server.hostState);
  if (server.pendingUpdates === 0 && input.rebootPolicy !== "always") {
    if (!server.rebootRequired) return "up to date: no pending updates and no reboot required";
    if (input.rebootPolicy === "never") return 'only a reboot is pending, and the reboot policy is "never"';
  }
  // Before the group counts: "no standby to switch to" says more than "1 serving, minimum 1".
  const noSwitchover = input.switchoverPrimaries && host.primaryOf.length ? chooseSwitchover(host, input) : null;
  if (noSwitchover) return noSwitchover;
  for (const x of of) {
    const g = groups[x.g]!;
    if (serving[x.g]! < g.minHealthy) return `${g.name} is already BROKEN (${serving[x.g]} serving, minimum ${g.minHealthy}): restore it before patching its members`;
    if (x.serving && slack[x.g]! < 1) return belowMinimum(g, serving[x.g]!);
  }
  return null;
}

/** Sets the standby a primary switches over to (the one a failover would pick); the reason when there is none. */
function chooseSwitchover(host: Host, input: PlannerInput): string | null {
  const groups = input.groups;
  if (host.primaryOf.length > 1) return `primary of ${host.primaryOf.length} groups (${listNames(host.primaryOf.map((gi) => groups[gi]!.name))}): a rollout switches over one group per host; switch the others over first`;
  const g = groups[host.primaryOf[0]!]!;
  const standbys = g.members.flatMap((m) => {
    const s = m.role === "STANDBY" ? input.servers.get(m.serverId) : undefined;
    if (!s) return [];
    return [{ serverId: s.id, name: s.name, priority: m.priority, adminState: m.adminState, hostState: s.hostState, inMaintenanceWindow: s.maintenance, lagSec: s.lagSec, criticalServicesDown: s.criticalServicesDown?.[g.id] }];
  });
  const choice = selectCandidate(standbys, g.maxLagSec);
  if (!choice.ok) {
    const why = choice.rejected.map((r) => `${r.name}: ${r.reasons.join(", ")}`).join("; ");
    return `primary of ${g.name} with no standby ready to switch over to${why ? ` (${why})` : ": it has no standby"}`;
  }
  host.switchover = { groupId: g.id, groupName: g.name, toServerId: choice.candidate.serverId, toName: choice.candidate.name };
  return null;
}

/**
 * Non-primaries by name, then primaries; with switchover in rounds: a
 * primary once every scheduled standby it waits for is ordered. A circular
 * wait (a host primary in one group and standby in another whose primary
 * waits for it) is unschedulable rather than a hang.
 */
function orderForPlacement(hosts: Host[], input: PlannerInput, unschedulable: TUnschedulable[]): Host[] {
  const key = (h: Host) => ({ name: h.server.name, id: h.server.id });
  const primaries = hosts.filter((h) => h.primaryOf.length).sort((a, b) => byName(key(a), key(b)));
  const rest = hosts.filter((h) => !h.primaryOf.length).sort((a, b) => byName(key(a), key(b)));
  // Patched in place, a primary still goes last, but waits for nobody.
  if (!input.switchoverPrimaries) return [...rest, ...primaries];
  const scheduled = new Map(hosts.map((h) => [h.server.id, h]));
  const waitsFor = new Map<Host, Host[]>();
  for (const p of primaries) {
    const g = input.groups[p.primaryOf[0]!]!;
    waitsFor.set(p, g.members.flatMap((m) => (m.role === "STANDBY" && scheduled.has(m.serverId) ? [scheduled.get(m.serverId)!] : [])));
  }
  const ordered = new Set<Host>(rest);
  let pending = primaries;
  for (;;) {
    const ready = pending.filter((p) => waitsFor.get(p)!.every((s) => ordered.has(s)));
    if (!ready.length) break;
    for (const p of ready) ordered.add(p);
    pending = pending.filter((p) => !ordered.has(p));
  }
  // Whatever is left waits, directly or not, on itself.
  for (const p of pending) {
    unschedulable.push({ serverId: p.server.id, name: p.server.name, reason: `circular switchover order: primary of ${input.groups[p.primaryOf[0]!]!.name} waits for a standby that waits for it` });
  }
  return [...ordered];
}

/** First-fit: each host in order into the earliest batch with room where none of its groups would break. */
function place(ordered: Host[], input: PlannerInput, slack: number[]): Host[][] {
  const groupCount = input.groups.length;
  const batches: Host[][] = [];
  const sizes: number[] = [];
  const sizeOf = (b: number) => (sizes[b] ??= batchSize(input.batches, b, ordered.length));
  const isFull = (b: number) => (batches[b]?.length ?? 0) >= sizeOf(b);
  // Serving members out, per (batch, group); a group's counter never passes its slack.
  const used = new Map<number, number>();
  const usedAt = (b: number, g: number) => used.get(b * groupCount + g) ?? 0;
  // Every batch before firstFree is full; before firstRoom[g], saturated for group g.
  let firstFree = 0;
  const firstRoom = new Int32Array(groupCount);
  const batchOf = new Map<string, number>();
  for (const h of ordered) {
    const costs = h.of.filter((x) => x.serving).map((x) => x.g);
    let b = firstFree;
    for (const g of costs) b = Math.max(b, firstRoom[g]!);
    if (h.switchover) {
      for (const m of input.groups[h.primaryOf[0]!]!.members) {
        const sb = m.role === "STANDBY" ? batchOf.get(m.serverId) : undefined;
        if (sb !== undefined) b = Math.max(b, sb + 1);
      }
    }
    while (isFull(b) || costs.some((g) => usedAt(b, g) >= slack[g]!)) b++;
    (batches[b] ??= []).push(h);
    batchOf.set(h.server.id, b);
    for (const g of costs) used.set(b * groupCount + g, usedAt(b, g) + 1);
    while (isFull(firstFree)) firstFree++;
    for (const g of costs) while (usedAt(firstRoom[g]!, g) >= slack[g]!) firstRoom[g]!++;
  }
  return batches;
}

function describeBatches(batches: Host[][], input: PlannerInput, serving: number[]): TPlannedBatch[] {
  const { groups, window } = input;
  const cutoff = window ? window.endsAt.getTime() - window.cutoffMs : null;
  return batches.map((hosts, index) => {
    const out = new Map<number, number>();
    for (const h of hosts) for (const x of h.of) out.set(x.g, (out.get(x.g) ?? 0) + (x.serving ? 1 : 0));
    const impact: TBatchGroupImpact[] = [...out].map(([gi, cost]) => {
      const g = groups[gi]!;
      const during = serving[gi]! - cost;
      return { groupId: g.id, name: g.name, minHealthy: g.minHealthy, members: g.members.length, servingBefore: serving[gi]!, servingDuring: during, during: during >= g.minHealthy + 1 ? "OK" : "AT_RISK" };
    });
    impact.sort((a, b) => byName({ name: a.name, id: a.groupId }, { name: b.name, id: b.groupId }));
    const startMs = input.now.getTime() + index * input.estimatedHostMs;
    return {
      index,
      hosts: hosts.map((h) => ({
        serverId: h.server.id,
        name: h.server.name,
        siteName: h.server.siteName,
        groups: h.of.map((x) => groups[x.g]!.name).sort(),
        pendingUpdates: h.server.pendingUpdates,
        securityUpdates: h.server.securityUpdates,
        rebootRequired: h.server.rebootRequired,
        switchover: h.switchover,
      })),
      groups: impact,
      estimatedStartAt: window ? new Date(startMs).toISOString() : null,
      afterCutoff: cutoff !== null && startMs > cutoff,
    };
  });
}

function warningsFor(input: PlannerInput, scheduled: Host[], batches: TPlannedBatch[], serving: number[], unschedulable: number): string[] {
  const warnings: string[] = [];
  if (!scheduled.length && unschedulable) warnings.push(`Nothing to patch: none of the ${unschedulable} targeted servers can be scheduled.`);
  const late = batches.filter((b) => b.afterCutoff);
  if (late.length && input.window) {
    const hosts = late.reduce((n, b) => n + b.hosts.length, 0);
    warnings.push(`${late.length} of ${batches.length} batches (${hosts} hosts) would start after the cutoff of window "${input.window.title}" and will not run in it.`);
  }
  const touched = new Set(scheduled.flatMap((h) => h.of.map((x) => x.g)));
  const atRisk = [...touched].filter((gi) => serving[gi] === input.groups[gi]!.minHealthy).map((gi) => input.groups[gi]!.name).sort();
  if (atRisk.length) warnings.push(`AT_RISK for the whole rollout (serving exactly their minimum): ${listNames(atRisk)}. One more failure during it is an outage.`);
  if (!input.switchoverPrimaries) {
    const inPlace = scheduled.filter((h) => h.primaryOf.length).map((h) => h.server.name);
    if (inPlace.length) warnings.push(`Switchover is off: ${inPlace.length} primaries are patched in place, their service down meanwhile: ${listNames(inPlace)}.`);
  }
  const uncounted = scheduled.filter((h) => h.server.pendingUpdates === null).length;
  if (uncounted) warnings.push(`${uncounted} hosts have no update count yet; they are planned anyway.`);
  return warnings;
}
