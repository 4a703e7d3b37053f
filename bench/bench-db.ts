// A throwaway, migrated database for a benchmark: on BENCH_DATABASE_URL's server
// (local only), else an embedded PostgreSQL in a temp dir.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate } from "../server/db/migrate";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres";
import { createLogger } from "../server/lib/logger";

export type BenchDb = { url: string; drop(): Promise<void> };

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function benchDatabase(): Promise<BenchDb> {
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let tmp: string | undefined;
  if (adminUrl) {
    if (!/@(127\.0\.0\.1|localhost)[:/]/.test(adminUrl)) throw new Error("BENCH_DATABASE_URL must be a local PostgreSQL");
  } else {
    tmp = mkdtempSync(path.join(tmpdir(), "tandem-bench-"));
    chmodSync(tmp, 0o755);
    const e = await startEmbeddedPostgres(tmp, createLogger({ level: "warn" }));
    stopEmbedded = e.stop;
    adminUrl = withDatabase(e.url, "postgres");
  }
  const name = `tandem_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  await migrate(url, path.resolve(import.meta.dirname, "../prisma/migrations"));
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      await stopEmbedded?.();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
