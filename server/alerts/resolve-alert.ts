// Closing an alert: by hand (an operator, audited) or because its condition
// cleared (the manager). Alerts folded into it close with it, in the same
// transaction. If a hand-resolved condition still holds, the manager does not
// fire it again until the condition has cleared once (see lifecycle.ts).
import type { Db, Tx } from "../db/client";
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";
import { alertInclude, toAlertDto } from "./alert-dto";
import type { TAlert } from "./alerts.types";

export type Closed = { alert: TAlert; children: TAlert[] };

export async function closeAlert(tx: Tx, id: string, how: { resolution: string; message: string; by: string | null }, now: Date): Promise<Closed> {
  const row = await tx.alert.update({
    where: { id },
    data: { state: "RESOLVED", resolvedAt: now, resolvedBy: how.by, resolution: how.resolution, lastSeenAt: now, events: { create: { at: now, kind: "resolved", actor: how.by, message: how.message } } },
    include: alertInclude,
  });
  const open = await tx.alert.findMany({ where: { parentId: id, state: { not: "RESOLVED" } }, select: { id: true } });
  const children: TAlert[] = [];
  for (const c of open) {
    const child = await tx.alert.update({
      where: { id: c.id },
      data: { state: "RESOLVED", resolvedAt: now, resolvedBy: how.by, resolution: `resolved with ${row.title}`, events: { create: { at: now, kind: "resolved", actor: how.by, message: `Resolved with ${row.title}` } } },
      include: alertInclude,
    });
    children.push(toAlertDto(child));
  }
  return { alert: toAlertDto(row), children };
}

export async function resolveAlert(db: Db, actor: Actor, id: string, comment: string, now = new Date()): Promise<Closed> {
  return db.$transaction(async (tx) => {
    const a = await tx.alert.findUnique({ where: { id }, select: { state: true, title: true } });
    if (!a) throw notFound("Alert");
    if (a.state === "RESOLVED") throw new AppError("CONFLICT", "The alert is already resolved");
    const closed = await closeAlert(tx, id, { resolution: comment ? `resolved by hand: ${comment}` : "resolved by hand", message: comment ? `Resolved by hand: ${comment}` : "Resolved by hand", by: actor.label }, now);
    await recordAuditEvent(tx, actor, { action: "alert.resolved", targetType: "alert", targetId: id, details: { title: a.title, comment, children: closed.children.length } });
    return closed;
  });
}
