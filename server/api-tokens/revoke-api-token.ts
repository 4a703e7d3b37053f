import type { Db } from "../db/client";
import { notFound } from "../errors/app-error";
import type { Actor, Principal } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { toApiTokenDto, type TApiToken } from "./api-tokens.types";

export async function revokeApiToken(db: Db, principal: Principal, actor: Actor, id: string, now = new Date()): Promise<TApiToken> {
  return db.$transaction(async (tx) => {
    const t = await tx.apiToken.findUnique({ where: { id } });
    // Someone else's token is "not found" to a non-admin: its existence is not theirs to learn.
    if (!t || (t.userId !== principal.userId && principal.role !== "ADMIN")) throw notFound("API token");
    const row = await tx.apiToken.update({
      where: { id },
      data: { revokedAt: t.revokedAt ?? now },
      include: { user: { select: { id: true, email: true } } },
    });
    if (!t.revokedAt) await recordAuditEvent(tx, actor, { action: "api_token.revoke", targetType: "api_token", targetId: id, details: { name: t.name } });
    return toApiTokenDto(row);
  });
}
