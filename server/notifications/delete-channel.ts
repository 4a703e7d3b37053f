// Deleting a channel takes its delivery log with it (cascade); pending
// deliveries to it are simply never sent.
import type { Db } from "../db/client";
import { notFound } from "../errors/app-error";
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";

export async function deleteChannel(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const c = await tx.notificationChannel.findUnique({ where: { id }, select: { name: true } });
    if (!c) throw notFound("Notification channel");
    await tx.notificationChannel.delete({ where: { id } });
    await recordAuditEvent(tx, actor, { action: "channel.deleted", targetType: "notification-channel", targetId: id, details: { name: c.name } });
  });
}
