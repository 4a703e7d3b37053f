// Turns one alert event into delivery rows: one per channel that routes it,
// PENDING for the worker or DROPPED by the flood guard (kept, so the log shows
// what was held back and why). The payload is built now and stored.
import type { Db, Prisma } from "../db/client";
import type { TAlert } from "../alerts/alerts.types";
import { readChannelConfig } from "./channel-secret";
import { readChannelScope } from "./channel-dto";
import { buildChannelPayload, payloadShape } from "./build-channel-payload";
import { channelWants, routeDecision, type AlertFacts } from "./route-channel";
import type { TChannelFormat, TChannelKind, TNotifyEvent } from "./channels.types";

export type EnqueueResult = { queued: number; dropped: number };

export async function enqueueNotifications(db: Db, alert: TAlert, event: TNotifyEvent, opts: { now: Date; alertUrl: string | null }): Promise<EnqueueResult> {
  const facts = await alertFacts(db, alert);
  const channels = await db.notificationChannel.findMany({ where: { enabled: true }, orderBy: { id: "asc" } });
  // Channels told of this alert before: a resolve reaches them whatever their routing says now.
  const told = new Set(
    event === "resolved"
      ? (await db.alertDelivery.findMany({ where: { alertId: alert.id, state: { not: "DROPPED" } }, distinct: ["channelId"], select: { channelId: true } })).map((d) => d.channelId)
      : [],
  );
  const wanted = channels
    .map((c) => ({
      c,
      routing: { enabled: c.enabled, minSeverity: c.minSeverity, scope: readChannelScope(c.scope), repeatIntervalMinutes: c.repeatIntervalMinutes, syncsState: c.kind === "PAGERDUTY" },
    }))
    .filter(({ c, routing }) => told.has(c.id) || channelWants(routing, facts));

  const payloads = new Map<string, Prisma.InputJsonValue>();
  const payloadFor = (kind: TChannelKind, format: TChannelFormat) => {
    const shape = payloadShape(kind, format);
    if (!payloads.has(shape)) payloads.set(shape, buildChannelPayload(kind, format, event, alert, { now: opts.now, alertUrl: opts.alertUrl }) as Prisma.InputJsonValue);
    return payloads.get(shape)!;
  };

  const result: EnqueueResult = { queued: 0, dropped: 0 };
  for (const { c, routing } of wanted) {
    await db.$transaction(async (tx) => {
      // The channel row lock serialises concurrent events for it, so two cannot both slip under the flood guard.
      await tx.$queryRaw`SELECT id FROM "NotificationChannel" WHERE id = ${c.id}::uuid FOR UPDATE`;
      const minuteAgo = new Date(opts.now.getTime() - 60_000);
      const [last, channelLastMinute] = await Promise.all([
        tx.alertDelivery.findFirst({ where: { alertId: alert.id, channelId: c.id, state: { not: "DROPPED" } }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
        tx.alertDelivery.count({ where: { channelId: c.id, state: { not: "DROPPED" }, createdAt: { gte: minuteAgo } } }),
      ]);
      const decision = routeDecision(routing, facts, event, { lastForAlertAt: last?.createdAt ?? null, channelLastMinute }, opts.now, told.has(c.id));
      if (decision === "skip") return;
      const dropped = decision !== "send";
      await tx.alertDelivery.create({
        data: {
          alertId: alert.id,
          channelId: c.id,
          event,
          payload: payloadFor(c.kind, readChannelConfig(c.config).format),
          state: dropped ? "DROPPED" : "PENDING",
          lastError: dropped ? decision.drop : null,
          createdAt: opts.now,
          nextAttemptAt: opts.now,
        },
      });
      result[dropped ? "dropped" : "queued"]++;
    });
  }
  return result;
}

/** What routing needs of the alert's subject: the server's site and tags, and every group it is in. */
async function alertFacts(db: Db, alert: TAlert): Promise<AlertFacts> {
  const server = alert.server
    ? await db.server.findUnique({ where: { id: alert.server.id }, select: { siteId: true, tags: true, memberships: { select: { groupId: true } } } })
    : null;
  const groupIds = new Set<string>(server?.memberships.map((m) => m.groupId) ?? []);
  if (alert.group) groupIds.add(alert.group.id);
  return { severity: alert.severity, source: alert.source, serverId: alert.server?.id ?? null, siteId: server?.siteId ?? null, tags: server?.tags ?? [], groupIds: [...groupIds] };
}
