// Deleting a rollout schedule: its runs go with it (cascade); the rollouts it
// started stay, as operations.
import type { Db } from "../../db/client";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { notFound } from "../../errors/app-error";

export async function deleteRolloutSchedule(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const s = await tx.schedule.findFirst({ where: { id, kind: "ROLLOUT" } });
    if (!s) throw notFound("Rollout schedule");
    await tx.schedule.delete({ where: { id } });
    await recordAuditEvent(tx, actor, {
      action: "rollout_schedule.deleted",
      targetType: "rollout_schedule",
      targetId: id,
      details: { rrule: s.rrule, timezone: s.timezone, start: s.localStart, params: s.params ?? {} },
    });
  });
}
