// Per-test-file databases cloned from the run's migrated template.
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "../../server/db/client";
import { loadConfig, type Config } from "../../server/config";
import { setRuntime, type Runtime } from "../../server/runtime";
import { createLogger } from "../../server/lib/logger";
import { createSecretBox, deriveKey } from "../../server/crypto/secret-box";
import { readMigrations } from "../../server/db/migrate";

export type TestDatabase = { name: string; url: string; db: Db; drop(): Promise<void> };

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `${inject("pgRunPrefix")}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("pgTemplate")}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { max: 4 });
  return {
    name,
    url,
    db,
    async drop() {
      await db.$disconnect();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export type TestRuntime = Runtime & { revoked: { userId: string; sessionId?: string }[] };

/** Installs a runtime like server/start.ts does, so route handlers can be called directly. */
export async function installTestRuntime(db: Db, env: Record<string, string> = {}): Promise<TestRuntime> {
  // The data dir is never written: the secret box below is given directly.
  const config: Config = loadConfig({ NODE_ENV: "test", TANDEM_DATA_DIR: path.join(tmpdir(), "tandem-test-unused"), ...env });
  const revoked: TestRuntime["revoked"] = [];
  const rt: TestRuntime = {
    config,
    db,
    log: createLogger({ level: "error" }),
    version: "test",
    startedAt: new Date(),
    expectedMigrations: (await readMigrations(path.resolve(import.meta.dirname, "../../prisma/migrations"))).map((m) => m.name),
    secretBox: createSecretBox(deriveKey("test-secret-test-secret-test-secret")),
    services: {},
    onSessionsRevoked: (t) => revoked.push(t),
    revoked,
  };
  setRuntime(rt);
  return rt;
}
