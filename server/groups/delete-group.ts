import type { Db } from "../db/client";
import type { Actor } from "../auth/principal";
import { AppError, notFound } from "../errors/app-error";
import { recordAuditEvent } from "../audit/record-audit-event";

/** Operation states in which the group is being acted on. */
export const ACTIVE_OPERATION_STATES = ["PLANNED", "RUNNING", "PAUSED"] as const;

export async function deleteGroup(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    // The row lock makes a concurrent operation start on this group wait for us, or be seen below.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "RedundancyGroup" WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) throw notFound("Group");
    const group = await tx.redundancyGroup.findUniqueOrThrow({ where: { id }, include: { members: { include: { server: { select: { name: true } } } } } });
    const op = await tx.operation.findFirst({ where: { groupId: id, state: { in: [...ACTIVE_OPERATION_STATES] } }, select: { id: true, kind: true, state: true } });
    if (op) throw new AppError("CONFLICT", `Group ${group.name} has a ${op.kind.toLowerCase()} operation ${op.state.toLowerCase()} (${op.id}); wait for it to end or abort it first`);
    await tx.redundancyGroup.delete({ where: { id } });
    await recordAuditEvent(tx, actor, {
      action: "group.delete",
      targetType: "group",
      targetId: id,
      details: {
        name: group.name,
        mode: group.mode,
        hooks: group.hooks ?? {},
        members: group.members.map((m) => ({ server: m.server.name, serverId: m.serverId, role: m.role, priority: m.priority, adminState: m.adminState, lbBackendServer: m.lbBackendServer })),
      },
    });
  });
}
