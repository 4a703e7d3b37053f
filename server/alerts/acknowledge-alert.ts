// An operator takes an alert: ACKNOWLEDGED, by whom, with an optional comment.
// It stays open (the condition still holds) but no longer counts as firing.
import type { Db } from "../db/client";
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";
import { alertInclude, toAlertDto } from "./alert-dto";
import type { TAlert } from "./alerts.types";

export async function acknowledgeAlert(db: Db, actor: Actor, id: string, comment: string, now = new Date()): Promise<TAlert> {
  return db.$transaction(async (tx) => {
    const a = await tx.alert.findUnique({ where: { id }, select: { state: true, title: true } });
    if (!a) throw notFound("Alert");
    if (a.state === "RESOLVED") throw new AppError("CONFLICT", "The alert is already resolved");
    if (a.state === "ACKNOWLEDGED") throw new AppError("CONFLICT", "The alert is already acknowledged");
    const row = await tx.alert.update({
      where: { id },
      data: { state: "ACKNOWLEDGED", acknowledgedAt: now, acknowledgedBy: actor.label, ackComment: comment || null, events: { create: { at: now, kind: "acknowledged", actor: actor.label, message: comment ? `Acknowledged: ${comment}` : "Acknowledged" } } },
      include: alertInclude,
    });
    await recordAuditEvent(tx, actor, { action: "alert.acknowledged", targetType: "alert", targetId: id, details: { title: a.title, comment } });
    return toAlertDto(row);
  });
}
