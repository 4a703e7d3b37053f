import type { Db } from "../db/client";
import { notFound } from "../errors/app-error";
import type { TDelivery } from "../alerts/alerts.types";
import { toDeliveryDto } from "./delivery-dto";

/** A channel's delivery log, newest first. */
export async function listChannelDeliveries(db: Db, channelId: string, limit: number): Promise<TDelivery[]> {
  const c = await db.notificationChannel.findUnique({ where: { id: channelId }, select: { name: true } });
  if (!c) throw notFound("Notification channel");
  const rows = await db.alertDelivery.findMany({ where: { channelId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
  return rows.map((d) => toDeliveryDto(d, c.name));
}
