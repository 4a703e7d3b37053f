// An operator closes an alert by hand. Alerts folded into it close with it.
// If its condition still holds, the alert manager does not fire it again until
// the condition has cleared once (see lifecycle.ts).
import type { Db } from "../db/client";
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";
import { alertInclude, toAlertDto } from "./alert-dto";
import type { TAlert } from "./alerts.types";

export async function resolveAlert(db: Db, actor: Actor, id: string, comment: string, now = new Date()): Promise<{ alert: TAlert; children: TAlert[] }> {
  return db.$transaction(async (tx) => {
    const a = await tx.alert.findUnique({ where: { id }, select: { state: true, title: true } });
    if (!a) throw notFound("Alert");
    if (a.state === "RESOLVED") throw new AppError("CONFLICT", "The alert is already resolved");
    const resolution = comment ? `resolved by hand: ${comment}` : "resolved by hand";
    const row = await tx.alert.update({
      where: { id },
      data: { state: "RESOLVED", resolvedAt: now, resolvedBy: actor.label, resolution, events: { create: { at: now, kind: "resolved", actor: actor.label, message: comment ? `Resolved by hand: ${comment}` : "Resolved by hand" } } },
      include: alertInclude,
    });
    const open = await tx.alert.findMany({ where: { parentId: id, state: { not: "RESOLVED" } }, select: { id: true } });
    const children = [];
    for (const c of open) {
      children.push(
        toAlertDto(
          await tx.alert.update({
            where: { id: c.id },
            data: { state: "RESOLVED", resolvedAt: now, resolvedBy: actor.label, resolution: `resolved with ${a.title}`, events: { create: { at: now, kind: "resolved", actor: actor.label, message: `Resolved with ${a.title}` } } },
            include: alertInclude,
          }),
        ),
      );
    }
    await recordAuditEvent(tx, actor, { action: "alert.resolved", targetType: "alert", targetId: id, details: { title: a.title, comment, children: children.length } });
    return { alert: toAlertDto(row), children };
  });
}
