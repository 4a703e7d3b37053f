import type { Db } from "../db/client";
import type { Actor } from "../auth/principal";
import { notFound } from "../errors/app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { isUniqueViolation } from "../inventory/db-errors";
import { assertGroupNameFree, checkGroupInput, groupNameTaken, memberAudit } from "./group-refs";
import { groupInclude, toGroupDto, type LiveStates } from "./group-dto";
import { ZGroupHooks, ZGroupRestore, type TGroup, type TGroupMemberInput, type TUpdateGroupRequest } from "./groups.types";

const SCALARS = ["name", "description", "mode", "minHealthy", "failoverPolicy", "detectionThreshold", "cooldownSeconds", "maxReplicationLagSeconds", "requireFencing", "loadBalancerId"] as const;

export async function updateGroup(db: Db, actor: Actor, id: string, input: TUpdateGroupRequest, live?: LiveStates): Promise<TGroup> {
  try {
    return await db.$transaction(async (tx) => {
      // Locked so a concurrent edit cannot interleave its member changes with ours.
      await tx.$queryRaw`SELECT id FROM "RedundancyGroup" WHERE id = ${id}::uuid FOR UPDATE`;
      const before = await tx.redundancyGroup.findUnique({ where: { id }, include: { members: true } });
      if (!before) throw notFound("Group");
      if (input.name !== undefined && input.name !== before.name) await assertGroupNameFree(tx, input.name, id);

      const members: TGroupMemberInput[] =
        input.members ?? before.members.map((m) => ({ serverId: m.serverId, role: m.role, priority: m.priority, lbBackendServer: m.lbBackendServer }));
      const names = await checkGroupInput(tx, {
        mode: input.mode ?? before.mode,
        minHealthy: input.minHealthy ?? before.minHealthy,
        members,
        loadBalancerId: input.loadBalancerId !== undefined ? input.loadBalancerId : before.loadBalancerId,
        fencingLevels: input.fencingLevels ?? [],
        restore: input.restore,
      });

      const changes: Record<string, unknown> = {};
      for (const k of SCALARS) {
        if (input[k] !== undefined && input[k] !== before[k]) changes[k] = { from: before[k], to: input[k] };
      }
      const beforeHooks = ZGroupHooks.safeParse(before.hooks).data ?? {};
      if (input.hooks !== undefined && JSON.stringify(input.hooks) !== JSON.stringify(beforeHooks)) changes.hooks = { from: beforeHooks, to: input.hooks };
      // Restore hooks are code too: recorded in full, like the runbook hooks.
      const beforeRestore = ZGroupRestore.safeParse(before.restore).data ?? { afterMinutes: null };
      if (input.restore !== undefined && JSON.stringify(input.restore) !== JSON.stringify(beforeRestore)) changes.restore = { from: beforeRestore, to: input.restore };
      for (const k of ["criticalServices", "fencingLevels"] as const) {
        if (input[k] !== undefined && JSON.stringify(input[k]) !== JSON.stringify(before[k])) changes[k] = { from: before[k], to: input[k] };
      }

      if (input.members) {
        const keep = new Set(input.members.map((m) => m.serverId));
        await tx.groupMember.deleteMany({ where: { groupId: id, serverId: { notIn: [...keep] } } });
        // Kept members keep their admin state (a drained member stays drained).
        for (const m of input.members) {
          const data = { role: m.role, priority: m.priority, lbBackendServer: m.lbBackendServer };
          await tx.groupMember.upsert({ where: { groupId_serverId: { groupId: id, serverId: m.serverId } }, update: data, create: { groupId: id, serverId: m.serverId, ...data } });
        }
        const beforeNames = await tx.server.findMany({ where: { id: { in: before.members.map((m) => m.serverId) } }, select: { id: true, name: true } });
        const from = memberAudit(
          before.members.map((m) => ({ serverId: m.serverId, role: m.role, priority: m.priority, lbBackendServer: m.lbBackendServer })),
          new Map(beforeNames.map((s) => [s.id, s.name])),
        );
        const to = memberAudit(input.members, names);
        if (JSON.stringify(from) !== JSON.stringify(to)) changes.members = { from, to };
      }

      const group = await tx.redundancyGroup.update({
        where: { id },
        data: {
          name: input.name,
          description: input.description,
          mode: input.mode,
          minHealthy: input.minHealthy,
          failoverPolicy: input.failoverPolicy,
          detectionThreshold: input.detectionThreshold,
          cooldownSeconds: input.cooldownSeconds,
          maxReplicationLagSeconds: input.maxReplicationLagSeconds,
          requireFencing: input.requireFencing,
          hooks: input.hooks,
          criticalServices: input.criticalServices,
          fencingLevels: input.fencingLevels,
          restore: input.restore,
          loadBalancerId: input.loadBalancerId,
        },
        include: groupInclude,
      });
      await recordAuditEvent(tx, actor, { action: "group.update", targetType: "group", targetId: id, details: { name: group.name, ...changes } as object });
      return toGroupDto(group, live);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw groupNameTaken(input.name ?? "", input.name, e);
    throw e;
  }
}
