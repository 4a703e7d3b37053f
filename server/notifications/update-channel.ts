// Edits a channel. Its credentials are sealed together, so changing one
// re-seals all: the others are taken from the stored value, which must then be
// readable. A channel's kind never changes.
import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import { notFound } from "../errors/app-error";
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { isUniqueViolation } from "../inventory/db-errors";
import { readChannelConfig, sealChannel, tryOpenChannel } from "./channel-secret";
import { assertFitsKind, settingsAfterEdit } from "./channel-settings";
import { channelInclude, readChannelScope, toChannelDto } from "./channel-dto";
import { assertChannelNameFree, channelNameTaken } from "./channel-name-conflict";
import type { TChannel, TUpdateChannelRequest } from "./channels.types";

export async function updateChannel(db: Db, box: SecretBox, actor: Actor, id: string, input: TUpdateChannelRequest): Promise<TChannel> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.notificationChannel.findUnique({ where: { id } });
      if (!before) throw notFound("Notification channel");
      assertFitsKind(before.kind, input);
      if (input.name !== undefined && input.name !== before.name) await assertChannelNameFree(tx, input.name, id);

      const next = settingsAfterEdit(
        before.kind,
        before.name,
        readChannelConfig(before.config),
        tryOpenChannel(box, before.secretCiphertext),
        before.secretCiphertext !== null,
        input,
      );
      const c = await tx.notificationChannel.update({
        where: { id },
        data: {
          name: input.name,
          enabled: input.enabled,
          config: next.config,
          secretCiphertext: next.resealed ? (next.sealed ? sealChannel(box, next.sealed) : null) : undefined,
          minSeverity: input.minSeverity,
          scope: input.scope,
          repeatIntervalMinutes: input.repeatIntervalMinutes,
        },
        include: channelInclude,
      });

      // What changed, without a URL, key or password: previews and "replaced/removed" say enough.
      const changes: Record<string, unknown> = {};
      const diff = (key: string, from: unknown, to: unknown) => {
        if (to !== undefined && JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
      };
      diff("renamed", before.name, input.name);
      diff("enabled", before.enabled, input.enabled);
      diff("minSeverity", before.minSeverity, input.minSeverity);
      diff("scope", readChannelScope(before.scope), input.scope);
      diff("repeatIntervalMinutes", before.repeatIntervalMinutes, input.repeatIntervalMinutes);
      await recordAuditEvent(tx, actor, {
        action: "channel.updated",
        targetType: "notification-channel",
        targetId: id,
        details: { name: c.name, kind: c.kind, ...changes, ...next.audit } as object,
      });
      return toChannelDto(box, c);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw channelNameTaken(input.name ?? "", undefined, e);
    throw e;
  }
}
