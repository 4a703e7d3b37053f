import type { Db } from "../db/client";
import type { Principal } from "./principal";
import { lowerRole } from "./roles";
import { API_TOKEN_PREFIX, hashToken } from "./tokens";

const TOUCH_EVERY_MS = 60_000;

export async function resolveApiToken(db: Db, token: string, now = new Date()): Promise<Principal | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const t = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!t || t.revokedAt || t.user.disabledAt || (t.expiresAt && t.expiresAt <= now)) return null;
  if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db.apiToken.updateMany({ where: { id: t.id }, data: { lastUsedAt: now } });
  }
  return {
    kind: "token",
    userId: t.user.id,
    email: t.user.email,
    name: t.user.name,
    // A token never acts above its owner's current role, even if the owner was demoted.
    role: lowerRole(t.role, t.user.role),
    tokenId: t.id,
  };
}
