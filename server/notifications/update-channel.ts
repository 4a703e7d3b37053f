// Edits a channel. The URL and signing secret are sealed together, so changing
// one re-seals both: the other is taken from the stored value, which must then
// be readable.
import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import { AppError, notFound } from "../errors/app-error";
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { isUniqueViolation } from "../inventory/db-errors";
import { readChannelConfig, sealChannel, tryOpenChannel, urlPreviewOf, type TSealedChannel } from "./channel-secret";
import { channelInclude, readChannelScope, toChannelDto } from "./channel-dto";
import { assertChannelNameFree, channelNameTaken } from "./channel-name-conflict";
import type { TChannel, TUpdateChannelRequest } from "./channels.types";

export async function updateChannel(db: Db, box: SecretBox, actor: Actor, id: string, input: TUpdateChannelRequest): Promise<TChannel> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.notificationChannel.findUnique({ where: { id } });
      if (!before) throw notFound("Notification channel");
      if (input.name !== undefined && input.name !== before.name) await assertChannelNameFree(tx, input.name, id);

      const config = readChannelConfig(before.config);
      const resealing = input.url !== undefined || input.signingSecret !== undefined;
      let sealed: TSealedChannel | undefined;
      if (resealing) {
        const stored = tryOpenChannel(box, before.secretCiphertext);
        const url = input.url ?? stored?.url;
        if (url === undefined) {
          throw new AppError("CONFLICT", `The URL of channel ${before.name} cannot be opened (was TANDEM_SECRET changed?); enter the URL again`, {
            fields: [{ path: "body.url", message: "is required: the stored URL cannot be opened" }],
          });
        }
        const signingSecret = input.signingSecret === null ? undefined : (input.signingSecret ?? stored?.signingSecret);
        sealed = { url, ...(signingSecret !== undefined ? { signingSecret } : {}) };
      }
      const nextConfig = { format: input.format ?? config.format, urlPreview: input.url !== undefined ? urlPreviewOf(input.url) : config.urlPreview };

      const c = await tx.notificationChannel.update({
        where: { id },
        data: {
          name: input.name,
          enabled: input.enabled,
          config: nextConfig,
          secretCiphertext: sealed ? sealChannel(box, sealed) : undefined,
          minSeverity: input.minSeverity,
          scope: input.scope,
          repeatIntervalMinutes: input.repeatIntervalMinutes,
        },
        include: channelInclude,
      });

      // What changed, without the URL or the secret: the preview and "signing set/removed" say enough.
      const changes: Record<string, unknown> = {};
      const diff = (key: string, from: unknown, to: unknown) => {
        if (to !== undefined && JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
      };
      diff("renamed", before.name, input.name);
      diff("enabled", before.enabled, input.enabled);
      diff("format", config.format, input.format);
      diff("minSeverity", before.minSeverity, input.minSeverity);
      diff("scope", readChannelScope(before.scope), input.scope);
      diff("repeatIntervalMinutes", before.repeatIntervalMinutes, input.repeatIntervalMinutes);
      if (input.url !== undefined) changes.url = { from: config.urlPreview, to: nextConfig.urlPreview };
      if (input.signingSecret === null) changes.signingSecret = "removed";
      else if (input.signingSecret !== undefined) changes.signingSecret = "replaced";
      await recordAuditEvent(tx, actor, { action: "channel.updated", targetType: "notification-channel", targetId: id, details: { name: c.name, ...changes } as object });
      return toChannelDto(box, c);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw channelNameTaken(input.name ?? "", undefined, e);
    throw e;
  }
}
