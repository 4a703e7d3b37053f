import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { isUniqueViolation } from "../inventory/db-errors";
import { sealChannel, urlPreviewOf } from "./channel-secret";
import { channelInclude, toChannelDto } from "./channel-dto";
import { assertChannelNameFree, channelNameTaken } from "./channel-name-conflict";
import type { TChannel, TCreateChannelRequest } from "./channels.types";

export async function createChannel(db: Db, box: SecretBox, actor: Actor, input: TCreateChannelRequest): Promise<TChannel> {
  const urlPreview = urlPreviewOf(input.url);
  try {
    return await db.$transaction(async (tx) => {
      await assertChannelNameFree(tx, input.name);
      const c = await tx.notificationChannel.create({
        data: {
          name: input.name,
          kind: "WEBHOOK",
          enabled: input.enabled,
          config: { format: input.format, urlPreview },
          secretCiphertext: sealChannel(box, { url: input.url, ...(input.signingSecret ? { signingSecret: input.signingSecret } : {}) }),
          minSeverity: input.minSeverity,
          scope: input.scope,
          repeatIntervalMinutes: input.repeatIntervalMinutes,
        },
        include: channelInclude,
      });
      // The preview only: the URL itself may hold a token.
      await recordAuditEvent(tx, actor, {
        action: "channel.created",
        targetType: "notification-channel",
        targetId: c.id,
        details: {
          name: c.name,
          format: input.format,
          urlPreview,
          signed: input.signingSecret !== undefined,
          enabled: input.enabled,
          minSeverity: input.minSeverity,
          scope: input.scope,
          repeatIntervalMinutes: input.repeatIntervalMinutes,
        },
      });
      return toChannelDto(box, c);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw channelNameTaken(input.name, input.name, e);
    throw e;
  }
}
