// Fleets for the planner's tests and benchmark (seeded, so a failure can be
// replayed), and the invariant both check on any plan: no batch takes a group
// below its minimum, every target is either in exactly one batch or
// unschedulable with a reason, a primary goes after its group's standbys.
import { batchSize, serves, type PlannerGroup, type PlannerInput, type PlannerServer } from "./plan-rollout";
import type { TRolloutPlan } from "./rollouts.types";

/** A stable UUID for the n-th fixture object. */
export const uid = (n: number) => `0190a3c4-0000-7000-8000-${n.toString(16).padStart(12, "0")}`;

export function plannerServer(n: number, name: string, over: Partial<PlannerServer> = {}): PlannerServer {
  return { id: uid(n), name, siteName: "fra", hostState: "UP", maintenance: null, pendingUpdates: 5, securityUpdates: 1, rebootRequired: false, lagSec: 0, ...over };
}

/** mulberry32: small, fast, good enough to shuffle a fleet. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Fleet = { servers: Map<string, PlannerServer>; groups: PlannerGroup[]; targetIds: string[] };

/**
 * `servers` servers in `groups` groups: ACTIVE_PASSIVE pairs and triples and
 * ACTIVE_ACTIVE pools of 4-8 (a few pool members in a second pool), the rest
 * standalone; about 2 % down, 1 % unreachable or unknown, 2 % in a window,
 * 1 % of members drained, some up to date or with an unknown count.
 */
export function randomFleet(o: { servers: number; groups: number; seed: number }): Fleet {
  const rnd = seededRandom(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const servers = new Map<string, PlannerServer>();
  const ids: string[] = [];
  for (let i = 0; i < o.servers; i++) {
    const r = rnd();
    const hostState = r < 0.02 ? "DOWN" : r < 0.025 ? "UNREACHABLE" : r < 0.03 ? "UNKNOWN" : r < 0.06 ? "DEGRADED" : "UP";
    const u = rnd();
    const s = plannerServer(i + 1, `srv-${String(i + 1).padStart(5, "0")}`, {
      siteName: pick(["fra", "ams", "lon"]),
      hostState,
      maintenance: rnd() < 0.02 ? "rack move" : null,
      pendingUpdates: u < 0.1 ? 0 : u < 0.15 ? null : Math.floor(rnd() * 40),
      securityUpdates: Math.floor(rnd() * 4),
      rebootRequired: rnd() < 0.2,
      lagSec: Math.floor(rnd() * 8),
    });
    servers.set(s.id, s);
    ids.push(s.id);
  }
  const groups: PlannerGroup[] = [];
  const pools: PlannerGroup[] = [];
  let next = 0;
  for (let gi = 0; gi < o.groups && next < ids.length; gi++) {
    const r = rnd();
    const mode = r < 0.6 ? "ACTIVE_PASSIVE" : "ACTIVE_ACTIVE";
    const size = r < 0.3 ? 2 : r < 0.6 ? 3 : 4 + Math.floor(rnd() * 5);
    const memberIds = ids.slice(next, next + size);
    next += memberIds.length;
    const adminState = () => (rnd() < 0.01 ? "DRAINED" : "IN_SERVICE") as "DRAINED" | "IN_SERVICE";
    const g: PlannerGroup =
      mode === "ACTIVE_PASSIVE"
        ? { id: uid(1_000_000 + gi), name: `db-${String(gi).padStart(4, "0")}`, mode, minHealthy: 1, maxLagSec: 30, members: memberIds.map((serverId, k) => ({ serverId, role: k === 0 ? "PRIMARY" : "STANDBY", adminState: adminState(), priority: 100 - k })) }
        : { id: uid(1_000_000 + gi), name: `web-${String(gi).padStart(4, "0")}`, mode, minHealthy: Math.max(1, memberIds.length - 1 - Math.floor(rnd() * (memberIds.length / 2))), maxLagSec: null, members: memberIds.map((serverId) => ({ serverId, role: "ACTIVE", adminState: adminState(), priority: 100 })) };
    groups.push(g);
    if (mode === "ACTIVE_ACTIVE") pools.push(g);
  }
  // Some hosts serve two pools (a shared cache, an ingress in two meshes).
  for (const g of pools) {
    if (rnd() >= 0.15 || pools.length < 2) continue;
    const other = pick(pools);
    const m = pick(g.members);
    if (other !== g && !other.members.some((x) => x.serverId === m.serverId)) other.members.push({ serverId: m.serverId, role: "ACTIVE", adminState: "IN_SERVICE", priority: 100 });
  }
  return { servers, groups, targetIds: ids };
}

export function plannerInput(fleet: Fleet, over: Partial<PlannerInput> = {}): PlannerInput {
  return { ...fleet, batches: [1, "25%"], switchoverPrimaries: true, rebootPolicy: "if-required", window: null, now: new Date("2030-01-07T22:00:00Z"), estimatedHostMs: 600_000, ...over };
}

/** What is wrong with a plan, each a sentence; empty when it holds. */
export function planViolations(input: PlannerInput, plan: Pick<TRolloutPlan, "batches" | "unschedulable" | "scheduled" | "targeted">): string[] {
  const problems: string[] = [];
  const groupsOf = new Map<string, PlannerGroup[]>();
  for (const g of input.groups) for (const m of g.members) groupsOf.set(m.serverId, [...(groupsOf.get(m.serverId) ?? []), g]);
  const batchOf = new Map<string, number>();
  for (const b of plan.batches) {
    if (!b.hosts.length) problems.push(`batch ${b.index} is empty`);
    if (b.hosts.length > batchSize(input.batches, b.index, plan.scheduled)) problems.push(`batch ${b.index} has ${b.hosts.length} hosts, more than its size`);
    for (const h of b.hosts) {
      if (batchOf.has(h.serverId)) problems.push(`${h.name} is in batches ${batchOf.get(h.serverId)} and ${b.index}`);
      batchOf.set(h.serverId, b.index);
    }
  }
  const targets = new Set(input.targetIds);
  for (const u of plan.unschedulable) {
    if (batchOf.has(u.serverId)) problems.push(`${u.name} is both in a batch and unschedulable`);
    if (!u.reason) problems.push(`${u.name} is unschedulable without a reason`);
  }
  if (batchOf.size + plan.unschedulable.length !== targets.size || plan.scheduled !== batchOf.size || plan.targeted !== targets.size) {
    problems.push(`${targets.size} targets, but ${batchOf.size} in batches (${plan.scheduled} reported) and ${plan.unschedulable.length} unschedulable`);
  }
  for (const b of plan.batches) {
    const out = new Set(b.hosts.map((h) => h.serverId));
    const touched = new Set(b.hosts.flatMap((h) => groupsOf.get(h.serverId) ?? []));
    for (const g of touched) {
      const before = g.members.filter((m) => serves(g, m, input.servers)).length;
      const during = g.members.filter((m) => !out.has(m.serverId) && serves(g, m, input.servers)).length;
      if (during < before && during < g.minHealthy) problems.push(`batch ${b.index} takes ${g.name} to ${during} serving, below its minimum ${g.minHealthy}`);
      const shown = b.groups.find((x) => x.groupId === g.id);
      if (!shown || shown.servingBefore !== before || shown.servingDuring !== during) problems.push(`batch ${b.index} shows ${g.name} wrong: ${JSON.stringify(shown)}, counted ${before} then ${during}`);
    }
    for (const h of b.hosts) {
      if (!h.switchover) continue;
      const g = input.groups.find((x) => x.id === h.switchover!.groupId)!;
      if (out.has(h.switchover.toServerId)) problems.push(`${h.name} switches over to ${h.switchover.toName} in the same batch`);
      for (const m of g.members) {
        const sb = batchOf.get(m.serverId);
        if (m.role === "STANDBY" && sb !== undefined && sb >= b.index) problems.push(`${h.name}, primary of ${g.name}, is in batch ${b.index}, its standby in ${sb}`);
      }
    }
  }
  return problems;
}
