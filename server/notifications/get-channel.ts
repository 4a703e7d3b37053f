import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import { notFound } from "../errors/app-error";
import { channelInclude, toChannelDto } from "./channel-dto";
import type { TChannel } from "./channels.types";

export async function getChannel(db: Db, box: SecretBox, id: string): Promise<TChannel> {
  const c = await db.notificationChannel.findUnique({ where: { id }, include: channelInclude });
  if (!c) throw notFound("Notification channel");
  return toChannelDto(box, c);
}
