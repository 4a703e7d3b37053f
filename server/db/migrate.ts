// Applies prisma/migrations/<name>/migration.sql in name order, each in its own
// transaction, under an advisory lock so concurrent Tandem processes never
// migrate at once. Applied migrations are recorded in Prisma's own
// _prisma_migrations table (checksum = sha256 of the file), so `prisma migrate
// deploy` stays usable wherever Prisma's schema engine is available.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

// Any fixed 64-bit key; "tandem migrate" in ASCII.
const MIGRATION_LOCK_KEY = "7453417837412323431";

export type MigrationFile = { name: string; sql: string; checksum: string };

export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
    files.push({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return files;
}

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

type Applied = { migration_name: string; checksum: string };

async function appliedMigrations(client: pg.ClientBase): Promise<Applied[]> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS ok`);
  if (!exists.rows[0].ok) return [];
  const res = await client.query<Applied>(
    `SELECT migration_name, checksum FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return res.rows;
}

/** Checks that the database's history is a prefix of ours and unchanged; returns what is left to apply. */
function pending(files: MigrationFile[], applied: Applied[]): MigrationFile[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const a of applied) {
    const f = byName.get(a.migration_name);
    if (!f) {
      throw new MigrationError(
        `The database has migration ${a.migration_name}, which this Tandem does not know: it was migrated by a newer version. Upgrade Tandem instead of running an older one against it.`,
      );
    }
    if (f.checksum !== a.checksum) {
      throw new MigrationError(
        `Migration ${a.migration_name} was changed after it was applied (checksum differs). Restore the original file; write changes as a new migration.`,
      );
    }
  }
  const done = new Set(applied.map((a) => a.migration_name));
  return files.filter((f) => !done.has(f.name));
}

export type MigrateResult = { applied: string[]; total: number };

export async function migrate(databaseUrl: string, migrationsDir: string): Promise<MigrateResult> {
  const files = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
    try {
      await client.query(CREATE_TABLE);
      const todo = pending(files, await appliedMigrations(client));
      for (const file of todo) {
        try {
          await client.query("BEGIN");
          await client.query(file.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), now(), 1)`,
            [randomUUID(), file.checksum, file.name],
          );
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${(err as Error).message}`, { cause: err });
        }
      }
      return { applied: todo.map((f) => f.name), total: files.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

export type MigrationStatus = { current: boolean; applied: number; expected: number; missing: string[] };

/** For readiness: are all migrations this build expects applied? */
export async function migrationStatus(
  query: (sql: string) => Promise<{ migration_name: string }[]>,
  expected: string[],
): Promise<MigrationStatus> {
  const rows = await query(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const have = new Set(rows.map((r) => r.migration_name));
  const missing = expected.filter((n) => !have.has(n));
  return { current: missing.length === 0, applied: have.size, expected: expected.length, missing };
}
