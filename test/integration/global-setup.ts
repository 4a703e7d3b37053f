// Integration tests run against a real PostgreSQL: TEST_DATABASE_URL's server
// when set, else an embedded one in a temp dir. A template database is migrated
// once per run; each test file clones it (CREATE DATABASE ... TEMPLATE), so files
// never see each other's rows. Everything this run created is dropped at the end.
import { mkdtempSync, chmodSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "../../server/db/migrate";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../server/db/embedded-postgres";
import { createLogger } from "../../server/lib/logger";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    pgRunPrefix: string;
  }
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgres | undefined;
  let tmp: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    if (!/@(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(adminUrl) && !adminUrl.includes("host=/")) {
      throw new Error("TEST_DATABASE_URL must point at a local PostgreSQL: tests create and drop databases there");
    }
  } else {
    tmp = mkdtempSync(path.join(tmpdir(), "tandem-it-"));
    chmodSync(tmp, 0o755); // as root, the embedded server runs as the postgres user
    embedded = await startEmbeddedPostgres(tmp, createLogger({ level: "warn" }));
    adminUrl = withDatabase(embedded.url, "postgres");
  }

  const prefix = `tandem_it_${process.pid}_${Date.now().toString(36)}`;
  const template = `${prefix}_tpl`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await migrate(withDatabase(adminUrl, template), path.resolve(import.meta.dirname, "../../prisma/migrations"));

  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", template);
  project.provide("pgRunPrefix", prefix);

  return async () => {
    const dbs = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}%`]);
    for (const { datname } of dbs.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  };
}
