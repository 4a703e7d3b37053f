// What-if (pure): lose sites, servers or groups on paper and see, per group,
// its redundancy before and after, whether service can be recovered with what
// is left (a standby elsewhere that qualifies, and a fencing path that
// survives when fencing is required), and what the recovery would do. The
// rules are the live ones: redundancy.ts counts, select-candidate.ts chooses.
import { selectCandidate } from "../failover/select-candidate";
import { DEFAULT_FENCING_LEVELS } from "../fencing/fencing-levels";
import { evaluateRedundancy, type MemberView } from "../groups/redundancy";
import type { TGroup, TGroupMember } from "../groups/groups.types";
import type { DependencyGraph } from "./site-plan";
import type { TWhatIfGroup, TWhatIfResponse } from "./dr.types";

export type Fencer = { deviceId: string; device: string; serverId: string; serverName: string };
export type WhatIfFleet = {
  groups: readonly TGroup[];
  dependencies: DependencyGraph;
  /** Per server: the fence devices that can power it off, with the server each runs on. */
  fencers: ReadonlyMap<string, readonly Fencer[]>;
  /** Per group with a balancer: the server its commands run on (COMMAND), or null (HAProxy, reached directly). */
  balancerHost: ReadonlyMap<string, string | null>;
  /** Every server's site id (fencing servers and balancer hosts included). */
  serverSite: ReadonlyMap<string, string | null>;
  siteNames: ReadonlyMap<string, string>;
  serverNames: ReadonlyMap<string, string>;
};
export type Loss = { siteIds: ReadonlySet<string>; serverIds: ReadonlySet<string>; groupIds: ReadonlySet<string> };

const toView = (m: TGroupMember, lost: boolean): MemberView => ({
  serverId: m.serverId,
  name: m.name,
  role: m.role,
  adminState: m.adminState,
  hostState: lost ? "DOWN" : m.health,
  siteId: m.site?.id ?? null,
  maintenance: m.maintenance?.title ?? null,
  lagSec: m.lag,
  criticalServicesDown: m.criticalServicesDown,
});

export function serverLost(loss: Loss, serverId: string, siteId: string | null): boolean {
  return loss.serverIds.has(serverId) || (siteId !== null && loss.siteIds.has(siteId));
}

/** The first out-of-band way left to fence a lost primary, in the group's level order; a soft hook cannot run on a dead host. */
function fencingPath(fleet: WhatIfFleet, loss: Loss, g: TGroup, primaryId: string): { available: boolean; via: string | null } {
  const levels = g.fencingLevels.length ? g.fencingLevels : DEFAULT_FENCING_LEVELS;
  const alive = (serverId: string) => !serverLost(loss, serverId, fleet.serverSite.get(serverId) ?? null);
  for (const level of levels) {
    if (level.kind === "device") {
      const f = (fleet.fencers.get(primaryId) ?? []).find((d) => (!level.deviceId || d.deviceId === level.deviceId) && alive(d.serverId));
      if (f) return { available: true, via: `fence device ${f.device} on ${f.serverName}` };
    } else if (level.kind === "lb" && fleet.balancerHost.has(g.id)) {
      const host = fleet.balancerHost.get(g.id);
      if (host === null || (host !== undefined && alive(host))) return { available: true, via: `isolation at the load balancer ${g.loadBalancer?.name ?? ""}`.trim() };
    }
  }
  return { available: false, via: null };
}

function judge(fleet: WhatIfFleet, loss: Loss, g: TGroup): TWhatIfGroup {
  const wholeGroup = loss.groupIds.has(g.id);
  const isLost = (m: TGroupMember) => wholeGroup || serverLost(loss, m.serverId, m.site?.id ?? null);
  const lostMembers = g.members.filter(isLost);
  const ref = (m: TGroupMember) => ({ serverId: m.serverId, name: m.name, site: m.site?.name ?? null });
  const before = { state: g.redundancy.state, inService: g.redundancy.inService, minHealthy: g.minHealthy, drCovered: g.redundancy.drCovered };
  const base = { groupId: g.id, name: g.name, mode: g.mode, before, lostMembers: lostMembers.map(ref), dependsOnLost: [] as string[] };
  const notes: string[] = [];
  const maxLag = g.maxReplicationLagSeconds;
  let views = g.members.map((m) => toView(m, isLost(m)));

  if (g.mode === "ACTIVE_PASSIVE") {
    const primary = g.members.find((m) => m.role === "PRIMARY");
    const primaryLost = !!primary && isLost(primary);
    if (!primaryLost) {
      const after = evaluateRedundancy(g.mode, g.minHealthy, views, { maxLagSec: maxLag });
      const lostStandbys = lostMembers.filter((m) => m.role === "STANDBY").map((m) => m.name);
      const summary = lostStandbys.length ? `keeps its primary ${primary?.name ?? "(none)"}; loses standby ${lostStandbys.join(", ")}` : "not affected";
      return { ...base, after: snap(after, g), primaryLost: false, recoverable: !!primary, action: "none", candidate: null, fencing: null, notes, summary };
    }
    const left = g.members.filter((m) => m.role === "STANDBY" && !isLost(m));
    const choice = selectCandidate(
      left.map((m) => ({ serverId: m.serverId, name: m.name, priority: m.priority, adminState: m.adminState, hostState: m.health, inMaintenanceWindow: m.maintenance?.title ?? null, lagSec: m.lag, criticalServicesDown: m.criticalServicesDown })),
      maxLag,
    );
    const fencing = { ...fencingPath(fleet, loss, g, primary.serverId), required: g.requireFencing };
    if (!choice.ok) {
      for (const r of choice.rejected) notes.push(`${r.name}: ${r.reasons.join(", ")}`);
      if (!left.length) notes.push(wholeGroup ? "the whole group is lost" : "no standby outside what is lost");
      const after = evaluateRedundancy(g.mode, g.minHealthy, views, { maxLagSec: maxLag });
      return { ...base, after: snap(after, g), primaryLost: true, recoverable: false, action: "lost", candidate: null, fencing, notes, summary: `primary ${primary.name} lost and no standby can take over: service down` };
    }
    const c = left.find((m) => m.serverId === choice.candidate.serverId)!;
    // After the failover: the candidate serves as primary; what is left is judged around it.
    views = views.map((v) => (v.serverId === c.serverId ? { ...v, role: "PRIMARY" } : v.serverId === primary.serverId ? { ...v, role: "STANDBY" } : v));
    const after = evaluateRedundancy(g.mode, g.minHealthy, views, { maxLagSec: maxLag });
    if (c.lag !== null && c.lag > 0) notes.push(`${c.name} lags ${c.lag} s: up to that much of the last writes would be lost (RPO)`);
    if (!after.drCovered) notes.push("no copy left in another site after the failover");
    // Nothing left to fence it (its fence device went with the site): the failover stops at fencing
    // unless an operator confirms it is off (failover with confirmedOff). Recoverable, by a person.
    const unfenceable = fencing.required && !fencing.available;
    if (unfenceable) notes.push(`fencing is required and no fencing path survives the loss (a soft hook cannot run on a dead host): the failover would stop at fencing until someone confirms ${primary.name} is off`);
    const candidate = { serverId: c.serverId, name: c.name, site: c.site?.name ?? null, lagSec: c.lag };
    const to = `fails over to ${c.name}${c.site ? ` (${c.site.name})` : ""}`;
    return {
      ...base,
      after: snap(after, g),
      primaryLost: true,
      recoverable: true,
      action: "failover",
      candidate,
      fencing,
      notes,
      summary: unfenceable ? `${to}; confirm ${primary.name} is off: nothing can fence it` : `${to}${fencing.via ? `, fenced by ${fencing.via}` : ""}`,
    };
  }

  // ACTIVE_ACTIVE: the balancer sends to the members left.
  const after = evaluateRedundancy(g.mode, g.minHealthy, views);
  if (!lostMembers.length) return { ...base, after: snap(after, g), primaryLost: false, recoverable: true, action: "none", candidate: null, fencing: null, notes, summary: "not affected" };
  const serving = after.inService;
  if (serving === 0) notes.push(wholeGroup ? "the whole group is lost" : "no member serves outside what is lost");
  else if (after.state === "BROKEN") notes.push(`only ${serving} member(s) left serving, below the minimum of ${g.minHealthy}`);
  return {
    ...base,
    after: snap(after, g),
    primaryLost: false,
    recoverable: serving > 0,
    action: serving > 0 ? "drain" : "lost",
    candidate: null,
    fencing: null,
    notes,
    summary: serving > 0 ? `keeps serving on ${serving} of ${g.members.length} member(s); ${lostMembers.length} out of rotation` : "every member lost: service down",
  };
}

const snap = (r: ReturnType<typeof evaluateRedundancy>, g: TGroup) => ({ state: r.state, inService: r.inService, minHealthy: g.minHealthy, drCovered: r.drCovered });

const RANK = { BROKEN: 0, AT_RISK: 1, OK: 2 } as const;

export function whatIf(fleet: WhatIfFleet, loss: Loss): TWhatIfResponse {
  const judged = new Map(fleet.groups.map((g) => [g.id, judge(fleet, loss, g)]));
  // A group whose dependency cannot come back is down with it, however its own members fare.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, j] of judged) {
      const down = (fleet.dependencies.get(id) ?? []).map((d) => judged.get(d)).filter((d): d is TWhatIfGroup => !!d && !d.recoverable);
      const names = down.map((d) => d.name).filter((n) => !j.dependsOnLost.includes(n));
      if (!names.length) continue;
      j.dependsOnLost.push(...names);
      j.notes.push(`depends on ${names.join(", ")}, which cannot be recovered`);
      if (j.recoverable) {
        j.recoverable = false;
        j.summary = `${j.summary}; but down with ${names.join(", ")}`;
      }
      changed = true;
    }
  }
  const groups = [...judged.values()];
  const affected = (j: TWhatIfGroup) => j.lostMembers.length > 0 || j.dependsOnLost.length > 0;
  groups.sort((a, b) => Number(affected(b)) - Number(affected(a)) || Number(a.recoverable) - Number(b.recoverable) || RANK[a.after.state] - RANK[b.after.state] || a.name.localeCompare(b.name));
  const name = (map: ReadonlyMap<string, string>, id: string) => ({ id, name: map.get(id) ?? id });
  return {
    lost: {
      sites: [...loss.siteIds].map((id) => name(fleet.siteNames, id)),
      servers: [...loss.serverIds].map((id) => name(fleet.serverNames, id)),
      groups: [...loss.groupIds].map((id) => ({ id, name: fleet.groups.find((g) => g.id === id)?.name ?? id })),
    },
    groups,
    totals: {
      groups: groups.length,
      affected: groups.filter(affected).length,
      broken: groups.filter((j) => j.after.state === "BROKEN").length,
      atRisk: groups.filter((j) => j.after.state === "AT_RISK").length,
      unrecoverable: groups.filter((j) => !j.recoverable).length,
      needFailover: groups.filter((j) => j.action === "failover").length,
    },
  };
}
