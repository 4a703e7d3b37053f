// Server-side sessions: the cookie holds a random token, the database its SHA-256.
// Expiry slides with use (idle timeout) up to an absolute maximum age.
import type { Db } from "../db/client";
import type { Principal } from "./principal";
import { hashToken, newSecretToken } from "./tokens";

export type SessionPolicy = { idleMs: number; maxAgeMs: number };

// Write lastSeenAt at most this often, so reads do not each cost a write.
const TOUCH_EVERY_MS = 60_000;

export async function createSession(
  db: Db,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
  policy: SessionPolicy,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date; id: string }> {
  const token = newSecretToken();
  const expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, now.getTime() + policy.maxAgeMs));
  const s = await db.session.create({
    data: { tokenHash: hashToken(token), userId, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 400) ?? null, createdAt: now, lastSeenAt: now, expiresAt },
  });
  return { token, expiresAt, id: s.id };
}

export async function resolveSession(db: Db, token: string, policy: SessionPolicy, now = new Date()): Promise<Principal | null> {
  if (!token || token.length > 200) return null;
  const s = await db.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!s) return null;
  if (s.expiresAt <= now || s.user.disabledAt) {
    await db.session.deleteMany({ where: { id: s.id } });
    return null;
  }
  if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    const expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, s.createdAt.getTime() + policy.maxAgeMs));
    await db.session.updateMany({ where: { id: s.id }, data: { lastSeenAt: now, expiresAt } });
  }
  return { kind: "session", userId: s.user.id, email: s.user.email, name: s.user.name, role: s.user.role, sessionId: s.id };
}

export async function deleteSessionByToken(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashToken(token) } });
}

export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const r = await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return r.count;
}
