import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import { channelInclude, toChannelDto } from "./channel-dto";
import type { TChannel } from "./channels.types";

export async function listChannels(db: Db, box: SecretBox): Promise<TChannel[]> {
  const rows = await db.notificationChannel.findMany({ orderBy: { name: "asc" }, include: channelInclude });
  return rows.map((c) => toChannelDto(box, c));
}
