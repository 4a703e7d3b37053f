// Seeding helpers: users with known passwords and ready sessions.
import type { Db } from "../../server/db/client";
import { hashPassword } from "../../server/auth/password";
import { createSession } from "../../server/auth/sessions";
import type { TRole } from "../../server/auth/roles";
import { createApiToken } from "../../server/api-tokens/create-api-token";

export const TEST_PASSWORD = "correct horse battery staple";
let hashed: Promise<string> | undefined;

export async function seedUser(db: Db, role: TRole, email = `${role.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`) {
  hashed ??= hashPassword(TEST_PASSWORD);
  const user = await db.user.create({ data: { email, name: `${role} user`, role, passwordHash: await hashed } });
  const session = await createSession(db, user.id, { ip: "127.0.0.1", userAgent: "vitest" }, { idleMs: 3_600_000, maxAgeMs: 86_400_000 });
  return { user, session: session.token, sessionId: session.id };
}

/** A user of this role with an API token (as a script or scraper would hold one). */
export async function seedApiToken(db: Db, role: TRole): Promise<string> {
  const { user } = await seedUser(db, role);
  const principal = { kind: "session" as const, userId: user.id, email: user.email, name: user.name, role };
  const { token } = await createApiToken(db, principal, { userId: user.id, label: user.email }, { name: `${role.toLowerCase()} token` });
  return token;
}
