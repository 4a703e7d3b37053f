import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { Actor, Principal } from "../auth/principal";
import { hasRole } from "../auth/roles";
import { API_TOKEN_PREFIX, hashToken, newSecretToken } from "../auth/tokens";
import { recordAuditEvent } from "../audit/record-audit-event";
import { toApiTokenDto, type TApiToken, type TCreateApiTokenRequest } from "./api-tokens.types";

export async function createApiToken(
  db: Db,
  principal: Principal,
  actor: Actor,
  input: TCreateApiTokenRequest,
  now = new Date(),
): Promise<{ token: string; apiToken: TApiToken }> {
  const role = input.role ?? principal.role;
  if (!hasRole(principal.role, role)) {
    throw new AppError("FORBIDDEN", `A ${principal.role.toLowerCase()} cannot create a token with role ${role}`, { fields: [{ path: "body.role", message: "exceeds your own role" }] });
  }
  const token = newSecretToken(API_TOKEN_PREFIX);
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const row = await db.$transaction(async (tx) => {
    const t = await tx.apiToken.create({
      data: { userId: principal.userId, name: input.name, prefix: token.slice(0, API_TOKEN_PREFIX.length + 6), tokenHash: hashToken(token), role, expiresAt },
      include: { user: { select: { id: true, email: true } } },
    });
    await recordAuditEvent(tx, actor, { action: "api_token.create", targetType: "api_token", targetId: t.id, details: { name: t.name, role, expiresAt: expiresAt?.toISOString() ?? null } });
    return t;
  });
  return { token, apiToken: toApiTokenDto(row) };
}
