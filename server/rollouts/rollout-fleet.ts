// What the planner and the runner's guard read: the servers a rollout's
// targets name, every group they belong to with all its members, and each
// server's live health, maintenance and update counts (the monitoring service's
// latest sample; the persisted one when monitoring has none yet).
import type { Db, Prisma } from "../db/client";
import type { LiveStates } from "../groups/group-dto";
import { criticalServiceNames } from "../groups/critical-services";
import type { TAgentSample } from "../agent/agent-sample.types";
import type { THostState } from "../health/health.types";
import type { PlannerGroup, PlannerServer } from "./plan-rollout";
import type { TRolloutTargets } from "./rollouts.types";

/** The latest sample of a server, if monitoring has one (monitoring.hostDetail). */
export type SampleSource = (serverId: string) => TAgentSample | null | undefined;

export type RolloutFleet = {
  /** Target servers, enabled, ordered by name. */
  targetIds: string[];
  servers: Map<string, PlannerServer>;
  groups: PlannerGroup[];
  /** Per server, the groups it is a member of. */
  groupsOf: Map<string, PlannerGroup[]>;
  /** Per group, its critical service names (the health gate checks them). */
  criticalServices: Map<string, string[]>;
  /** Package family source per server ("apt", "dnf"...), from its latest sample. */
  packageSource: Map<string, string | null>;
};

/** The enabled servers the targets name: listed, members of the groups, carrying any of the tags, in the sites. */
export async function resolveTargets(db: Db, t: TRolloutTargets): Promise<string[]> {
  const or: Prisma.ServerWhereInput[] = [];
  if (t.serverIds.length) or.push({ id: { in: t.serverIds } });
  if (t.groupIds.length) or.push({ memberships: { some: { groupId: { in: t.groupIds } } } });
  if (t.tags.length) or.push({ tags: { hasSome: t.tags } });
  if (t.siteIds.length) or.push({ siteId: { in: t.siteIds } });
  const rows = await db.server.findMany({ where: { enabled: true, OR: or }, select: { id: true }, orderBy: { name: "asc" } });
  return rows.map((r) => r.id);
}

const sampleOf = (stored: unknown): TAgentSample | null => (stored && typeof stored === "object" ? (stored as TAgentSample) : null);

/**
 * `ownWindowId`: the rollout's own maintenance window. Its servers keep serving
 * (unless the window drained them: then their admin state says so), so being in
 * it does not make them count as out; any other window does.
 */
export async function loadRolloutFleet(db: Db, targetIds: string[], live: LiveStates | undefined, sampleSource?: SampleSource, ownWindowId?: string): Promise<RolloutFleet> {
  const groupRows = await db.redundancyGroup.findMany({
    where: { members: { some: { serverId: { in: targetIds } } } },
    select: { id: true, name: true, mode: true, minHealthy: true, maxReplicationLagSeconds: true, criticalServices: true, members: { select: { serverId: true, role: true, adminState: true, priority: true } } },
    orderBy: { name: "asc" },
  });
  const ids = new Set(targetIds);
  for (const g of groupRows) for (const m of g.members) ids.add(m.serverId);
  const serverRows = await db.server.findMany({
    where: { id: { in: [...ids] } },
    // The persisted sample only where monitoring has none (it is the big column).
    select: { id: true, name: true, state: true, site: { select: { name: true } } },
  });
  const missing = serverRows.filter((s) => !sampleSource?.(s.id)).map((s) => s.id);
  const persisted = new Map(
    missing.length ? (await db.server.findMany({ where: { id: { in: missing } }, select: { id: true, lastSample: true } })).map((r) => [r.id, sampleOf(r.lastSample)] as const) : [],
  );

  const criticalServices = new Map(groupRows.map((g) => [g.id, criticalServiceNames(g.criticalServices)] as const));
  const groups: PlannerGroup[] = groupRows.map((g) => ({
    id: g.id,
    name: g.name,
    mode: g.mode,
    minHealthy: g.minHealthy,
    maxLagSec: g.maxReplicationLagSeconds,
    members: g.members.map((m) => ({ serverId: m.serverId, role: m.role, adminState: m.adminState, priority: m.priority })),
  }));
  const groupsOf = new Map<string, PlannerGroup[]>();
  for (const g of groups) for (const m of g.members) groupsOf.set(m.serverId, [...(groupsOf.get(m.serverId) ?? []), g]);

  const servers = new Map<string, PlannerServer>();
  const packageSource = new Map<string, string | null>();
  for (const s of serverRows) {
    const l = live?.get(s.id);
    const sample = sampleSource?.(s.id) ?? persisted.get(s.id) ?? null;
    const down = new Set(l?.servicesDown ?? []);
    const criticalServicesDown: Record<string, string[]> = {};
    for (const g of groupsOf.get(s.id) ?? []) criticalServicesDown[g.id] = (criticalServices.get(g.id) ?? []).filter((n) => down.has(n));
    servers.set(s.id, {
      id: s.id,
      name: s.name,
      siteName: s.site?.name ?? null,
      hostState: (l?.health ?? s.state) as THostState,
      maintenance: l?.maintenance && l.maintenance.windowId !== ownWindowId ? l.maintenance.title : null,
      pendingUpdates: sample?.updates?.pending ?? null,
      securityUpdates: sample?.updates?.security ?? null,
      rebootRequired: sample?.rebootRequired ?? false,
      lagSec: l?.lag ?? sample?.replicationLagSec ?? null,
      criticalServicesDown,
    });
    packageSource.set(s.id, sample?.updates?.source ?? null);
  }
  return { targetIds: targetIds.filter((id) => servers.has(id)), servers, groups, groupsOf, criticalServices, packageSource };
}
