// Password login with rate limiting kept in Postgres (so it holds across
// processes): too many failures for an email, or from an address, within the
// window refuse further attempts before any password is checked.
import { AppError } from "../errors/app-error";
import type { Db } from "../db/client";
import type { RequestMeta } from "./principal";
import type { TRole } from "./roles";
import { recordAuditEvent } from "../audit/record-audit-event";
import { dummyVerify, verifyPassword } from "./password";
import { createSession, type SessionPolicy } from "./sessions";

export type LoginLimit = { maxFailures: number; windowMs: number };

// An address may try several accounts (a shared NAT, an office), so it gets more room.
const PER_IP_FACTOR = 4;

export async function login(
  db: Db,
  input: { email: string; password: string },
  meta: RequestMeta,
  opts: { session: SessionPolicy; limit: LoginLimit; now?: Date },
): Promise<{ token: string; expiresAt: Date; user: { id: string; email: string; name: string; role: TRole } }> {
  const now = opts.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const ip = meta.ip ?? "unknown";
  const since = new Date(now.getTime() - opts.limit.windowMs);

  const [byEmail, byIp] = await Promise.all([
    db.loginAttempt.count({ where: { email, success: false, at: { gt: since } } }),
    db.loginAttempt.count({ where: { ip, success: false, at: { gt: since } } }),
  ]);
  const emailLimited = byEmail >= opts.limit.maxFailures;
  if (emailLimited || byIp >= opts.limit.maxFailures * PER_IP_FACTOR) {
    // Attempts unlock as the oldest failure in the window ages out of it.
    const oldest = await db.loginAttempt.findFirst({
      where: { ...(emailLimited ? { email } : { ip }), success: false, at: { gt: since } },
      orderBy: { at: "asc" },
    });
    const waitMs = oldest ? oldest.at.getTime() + opts.limit.windowMs - now.getTime() : opts.limit.windowMs;
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError("RATE_LIMITED", `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`, { retryAfter });
  }

  const user = await db.user.findUnique({ where: { email } });
  // Single sign-on accounts have no password: they are refused like an unknown email, after as much work.
  const sso = user !== null && (user.passwordHash === null || user.oidcSubject !== null);
  const ok = user?.passwordHash && !sso ? await verifyPassword(user.passwordHash, input.password) : await dummyVerify(input.password);
  const allowed = ok && user !== null && user.disabledAt === null;

  await db.$transaction(async (tx) => {
    await tx.loginAttempt.create({ data: { email, ip, success: allowed, at: now } });
    await recordAuditEvent(
      tx,
      { userId: user?.id ?? null, label: email, ...meta },
      {
        action: allowed ? "auth.login" : "auth.login_failed",
        targetType: "user",
        targetId: user?.id ?? null,
        details: allowed ? {} : { reason: !user ? "unknown email" : sso ? "single sign-on account (no password)" : !ok ? "wrong password" : "account disabled" },
      },
    );
    if (allowed) await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  });

  // One message for every refusal, so the response does not tell which accounts exist.
  if (!allowed) throw new AppError("UNAUTHENTICATED", "Email or password is incorrect, or the account is disabled.");
  const session = await createSession(db, user.id, meta, opts.session, now);
  return { token: session.token, expiresAt: session.expiresAt, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

/** Old attempts only matter inside the window; prune them now and then. */
export async function pruneLoginAttempts(db: Db, olderThan: Date): Promise<number> {
  const r = await db.loginAttempt.deleteMany({ where: { at: { lt: olderThan } } });
  return r.count;
}
