// "Send test": one attempt now, no retries, so the admin sees at once whether
// the receiver takes Tandem's requests. Logged like any delivery (alertId null).
import type { Db } from "../db/client";
import type { Actor } from "../auth/principal";
import { notFound } from "../errors/app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { attemptDelivery, type AttemptDeps } from "./attempt-delivery";
import { testAlert } from "./build-payload";
import { buildChannelPayload } from "./build-channel-payload";
import { readChannelConfig } from "./channel-secret";
import { toDeliveryDto } from "./delivery-dto";
import type { TTestChannelResult } from "./channels.types";

export async function sendTestNotification(deps: AttemptDeps & { db: Db; leaseMs: number }, channelId: string, actor: Actor): Promise<TTestChannelResult> {
  const { db } = deps;
  const channel = await db.notificationChannel.findUnique({ where: { id: channelId }, select: { id: true, name: true, kind: true, config: true, secretCiphertext: true } });
  if (!channel) throw notFound("Notification channel");
  const now = deps.clock();
  const payload = buildChannelPayload(channel.kind, readChannelConfig(channel.config).format, "test", testAlert(now), { now, alertUrl: null });
  // Leased like a claimed row, so the worker leaves it alone while this attempt runs.
  const row = await db.alertDelivery.create({
    data: { alertId: null, channelId, event: "test", payload: payload as object, createdAt: now, nextAttemptAt: new Date(now.getTime() + deps.leaseMs) },
  });

  const outcome = await attemptDelivery(deps, { id: row.id, event: "test", payload, channel });

  const delivery = await db.$transaction(async (tx) => {
    const d = await tx.alertDelivery.update({
      where: { id: row.id },
      data: {
        state: outcome.ok ? "SENT" : "FAILED",
        attempts: 1,
        lastStatus: outcome.status,
        lastError: outcome.error,
        sentAt: outcome.ok ? deps.clock() : null,
      },
    });
    await recordAuditEvent(tx, actor, {
      action: "channel.tested",
      targetType: "notification-channel",
      targetId: channelId,
      details: { name: channel.name, ok: outcome.ok, status: outcome.status, deliveryId: row.id },
    });
    return d;
  });
  return { ok: outcome.ok, status: outcome.status, error: outcome.error, delivery: toDeliveryDto(delivery, channel.name) };
}
