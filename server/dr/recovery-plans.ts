// Recovery plans per site and the dependencies they are ordered by. A site's
// plan covers the groups with a member there; without a saved plan, its stages
// are the dependency layers (databases before the web pools that need them).
// Admins save a plan of their own: checked against the dependencies, never
// silently reordered.
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db, Prisma } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import type { TGroup } from "../groups/groups.types";
import { ZPlanStage, ZSaveRecoveryPlanRequest, type TRecoveryPlan, type TSaveRecoveryPlanRequest } from "./dr.types";
import { loadDependencies, type DrFleet } from "./dr-fleet";
import type { PlannedStage, SiteRef } from "./plan-evacuation";
import { checkStages, findCycle, layerByDependencies } from "./site-plan";
import { z } from "zod";

export const DEFAULT_PARALLELISM = 4;
const ZStoredStages = z.array(ZPlanStage);

export async function mustFindSite(db: Db, id: string): Promise<SiteRef> {
  const s = await db.site.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!s) throw notFound("Site");
  return s;
}

/** Groups with at least one member in the site. */
export const groupsTouching = (groups: readonly TGroup[], siteId: string) => groups.filter((g) => g.members.some((m) => m.site?.id === siteId));

/** The plan a site's operations follow: the saved one, or the dependency layers. */
export async function resolvePlan(db: Db, fleet: DrFleet, site: SiteRef): Promise<{ stages: PlannedStage[]; parallelism: number; view: TRecoveryPlan }> {
  const saved = await db.recoveryPlan.findUnique({ where: { siteId: site.id } });
  const touching = groupsTouching(fleet.groups, site.id);
  const name = (id: string) => fleet.groupsById.get(id)?.name ?? id;
  let stages: { name: string; groupIds: string[]; pre: { serverId: string; command: string; timeoutSeconds: number } | null; post: { serverId: string; command: string; timeoutSeconds: number } | null }[];
  if (saved) {
    stages = ZStoredStages.parse(saved.stages).map((s) => ({ ...s, groupIds: s.groupIds.filter((id) => fleet.groupsById.has(id)) }));
  } else {
    const layers = layerByDependencies(
      touching.map((g) => g.id),
      fleet.dependencies,
      (a, b) => name(a).localeCompare(name(b)),
    );
    stages = layers.map((ids, i) => ({ name: `Stage ${i + 1}`, groupIds: ids, pre: null, post: null }));
  }
  const hook = (h: { serverId: string; command: string; timeoutSeconds: number } | null) => (h ? { ...h, serverName: fleet.serverNames.get(h.serverId) ?? "(deleted server)" } : null);
  const planned: PlannedStage[] = stages.map((s) => ({ name: s.name, groupIds: s.groupIds, pre: hook(s.pre), post: hook(s.post) }));
  const inPlan = new Set(stages.flatMap((s) => s.groupIds));
  const parallelism = saved?.parallelism ?? DEFAULT_PARALLELISM;
  return {
    stages: planned,
    parallelism,
    view: {
      site,
      source: saved ? "saved" : "derived",
      parallelism,
      stages: planned.map((s) => ({ name: s.name, pre: s.pre, post: s.post, groups: s.groupIds.map((id) => ({ id, name: name(id), dependsOn: (fleet.dependencies.get(id) ?? []).map(name) })) })),
      unplanned: touching.filter((g) => !inPlan.has(g.id)).map((g) => ({ id: g.id, name: g.name })),
      updatedBy: saved?.updatedBy ?? null,
      updatedAt: saved?.updatedAt.toISOString() ?? null,
    },
  };
}

export async function saveRecoveryPlan(db: Db, fleet: DrFleet, actor: Actor, site: SiteRef, body: TSaveRecoveryPlanRequest): Promise<void> {
  const req = ZSaveRecoveryPlanRequest.parse(body);
  const known = new Map(fleet.groups.map((g) => [g.id, g.name]));
  const problems = checkStages(req.stages, fleet.dependencies, known);
  const hookServers = req.stages.flatMap((s, i) => [...(s.pre ? [{ path: `stages.${i}.pre.serverId`, id: s.pre.serverId }] : []), ...(s.post ? [{ path: `stages.${i}.post.serverId`, id: s.post.serverId }] : [])]);
  for (const h of hookServers) if (!fleet.serverNames.has(h.id)) problems.push({ path: h.path, message: "no such server" });
  if (problems.length) throw new AppError("VALIDATION", "The recovery plan does not hold together", { fields: problems });
  await db.$transaction(async (tx) => {
    const data = { stages: req.stages as unknown as Prisma.InputJsonValue, parallelism: req.parallelism, updatedBy: actor.label };
    await tx.recoveryPlan.upsert({ where: { siteId: site.id }, create: { siteId: site.id, ...data }, update: data });
    await recordAuditEvent(tx, actor, {
      action: "recovery-plan.save",
      targetType: "site",
      targetId: site.id,
      details: { site: site.name, parallelism: req.parallelism, stages: req.stages.map((s) => `${s.name}: ${s.groupIds.map((id) => known.get(id)).join(", ")}${s.pre ? " +pre" : ""}${s.post ? " +post" : ""}`) },
    });
  });
}

export async function deleteRecoveryPlan(db: Db, actor: Actor, site: SiteRef): Promise<void> {
  await db.$transaction(async (tx) => {
    const r = await tx.recoveryPlan.deleteMany({ where: { siteId: site.id } });
    if (r.count) await recordAuditEvent(tx, actor, { action: "recovery-plan.delete", targetType: "site", targetId: site.id, details: { site: site.name } });
  });
}

export async function getDependencies(db: Db, groupId: string) {
  const g = await db.redundancyGroup.findUnique({
    where: { id: groupId },
    select: { id: true, dependsOn: { select: { dependsOn: { select: { id: true, name: true } } } }, dependedOnBy: { select: { group: { select: { id: true, name: true } } } } },
  });
  if (!g) throw notFound("Group");
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return { groupId: g.id, dependsOn: g.dependsOn.map((d) => d.dependsOn).sort(byName), dependedOnBy: g.dependedOnBy.map((d) => d.group).sort(byName) };
}

/** Replaces what a group depends on; refuses itself, unknown groups and cycles (422, naming the cycle). */
export async function setDependencies(db: Db, actor: Actor, groupId: string, dependsOn: string[]) {
  const ids = [...new Set(dependsOn)];
  const fields = ids.flatMap((id, i) => (id === groupId ? [{ path: `dependsOn.${i}`, message: "a group cannot depend on itself" }] : []));
  if (fields.length) throw new AppError("VALIDATION", "A group cannot depend on itself", { fields });
  await db.$transaction(
    async (tx) => {
      const group = await tx.redundancyGroup.findUnique({ where: { id: groupId }, select: { id: true, name: true } });
      if (!group) throw notFound("Group");
      const found = await tx.redundancyGroup.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
      const missing = ids.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) throw new AppError("VALIDATION", "Unknown groups", { fields: missing.map((id) => ({ path: `dependsOn.${ids.indexOf(id)}`, message: "no such group" })) });
      await tx.groupDependency.deleteMany({ where: { groupId } });
      if (ids.length) await tx.groupDependency.createMany({ data: ids.map((dependsOnId) => ({ groupId, dependsOnId })) });
      // Checked on the graph as it would be, inside the transaction (serializable: two admins cannot close a cycle between them).
      const cycle = findCycle(await loadDependencies(tx as unknown as Db));
      if (cycle) {
        const names = new Map((await tx.redundancyGroup.findMany({ where: { id: { in: cycle } }, select: { id: true, name: true } })).map((g) => [g.id, g.name]));
        throw new AppError("VALIDATION", `That would make a cycle: ${cycle.map((id) => names.get(id) ?? id).join(" → ")}`, { fields: [{ path: "dependsOn", message: "would make a cycle" }] });
      }
      await recordAuditEvent(tx, actor, { action: "group.dependencies", targetType: "group", targetId: groupId, details: { group: group.name, dependsOn: found.map((f) => f.name).sort() } });
    },
    { isolationLevel: "Serializable" },
  );
  return getDependencies(db, groupId);
}
