import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { isUniqueViolation } from "../inventory/db-errors";
import { sealChannel } from "./channel-secret";
import { settingsOfNew } from "./channel-settings";
import { channelInclude, toChannelDto } from "./channel-dto";
import { assertChannelNameFree, channelNameTaken } from "./channel-name-conflict";
import type { TChannel, TCreateChannelRequest } from "./channels.types";

export async function createChannel(db: Db, box: SecretBox, actor: Actor, input: TCreateChannelRequest): Promise<TChannel> {
  const settings = settingsOfNew(input);
  try {
    return await db.$transaction(async (tx) => {
      await assertChannelNameFree(tx, input.name);
      const c = await tx.notificationChannel.create({
        data: {
          name: input.name,
          kind: input.kind,
          enabled: input.enabled,
          config: settings.config,
          secretCiphertext: settings.sealed ? sealChannel(box, settings.sealed) : null,
          minSeverity: input.minSeverity,
          scope: input.scope,
          repeatIntervalMinutes: input.repeatIntervalMinutes,
        },
        include: channelInclude,
      });
      // Previews only: a URL may hold a token; keys and passwords are never written.
      await recordAuditEvent(tx, actor, {
        action: "channel.created",
        targetType: "notification-channel",
        targetId: c.id,
        details: {
          name: c.name,
          kind: input.kind,
          ...settings.audit,
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
