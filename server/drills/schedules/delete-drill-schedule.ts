// Deleting a drill schedule: its runs go with it (cascade); the drills it
// started stay in the group's history as operations.
import type { Db } from "../../db/client";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { notFound } from "../../errors/app-error";

export async function deleteDrillSchedule(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const s = await tx.schedule.findFirst({ where: { id, kind: "DRILL" }, include: { group: { select: { name: true } } } });
    if (!s) throw notFound("Drill schedule");
    await tx.schedule.delete({ where: { id } });
    await recordAuditEvent(tx, actor, {
      action: "drill_schedule.deleted",
      targetType: "drill_schedule",
      targetId: id,
      details: { groupId: s.groupId, groupName: s.group?.name ?? null, rrule: s.rrule, timezone: s.timezone, start: s.localStart, params: s.params ?? {} },
    });
  });
}
