// Cancelling a window (no more occurrences; a running one stops now) and
// ending the running occurrence early (the next ones stay). Either way the
// maintenance service releases what the window held on its next reconcile,
// which the endpoint asks for at once.
import type { Db } from "../db/client";
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";
import { activeOccurrence } from "./occurrences";
import type { TWindow } from "./maintenance.types";
import { timingOfRow, toWindowDto } from "./window-dto";
import { loadScopeFacts } from "./window-scope";

export async function cancelWindow(db: Db, actor: Actor, id: string, reason: string, now = new Date()): Promise<TWindow> {
  const row = await db.$transaction(async (tx) => {
    const w = await tx.maintenanceWindow.findUnique({ where: { id } });
    if (!w) throw notFound("Maintenance window");
    if (w.cancelledAt) throw new AppError("CONFLICT", "The window is already cancelled");
    const out = await tx.maintenanceWindow.update({ where: { id }, data: { cancelledAt: now, cancelReason: reason } });
    await recordAuditEvent(tx, actor, { action: "maintenance.cancelled", targetType: "maintenance_window", targetId: id, details: { title: w.title, reason, wasActive: activeOccurrence(timingOfRow(w), now) !== null } });
    return out;
  });
  return toWindowDto(row, await loadScopeFacts(db), now);
}

export async function endWindowNow(db: Db, actor: Actor, id: string, reason: string, now = new Date()): Promise<TWindow> {
  const row = await db.$transaction(async (tx) => {
    const w = await tx.maintenanceWindow.findUnique({ where: { id } });
    if (!w) throw notFound("Maintenance window");
    const running = w.cancelledAt ? null : activeOccurrence(timingOfRow(w), now);
    if (!running) throw new AppError("CONFLICT", "The window is not running now");
    const out = await tx.maintenanceWindow.update({ where: { id }, data: { endedOccurrence: running.start, endedAt: now } });
    await recordAuditEvent(tx, actor, { action: "maintenance.ended_early", targetType: "maintenance_window", targetId: id, details: { title: w.title, reason, occurrenceStart: running.start.toISOString(), plannedEnd: running.end.toISOString() } });
    return out;
  });
  return toWindowDto(row, await loadScopeFacts(db), now);
}
