import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { migrate, MigrationError, readMigrations } from "./migrate";

const created: string[] = [];
const admin = () => new pg.Client({ connectionString: inject("pgAdminUrl") });

async function emptyDatabase(): Promise<string> {
  const name = `${inject("pgRunPrefix")}_mig_${created.length}_${Math.random().toString(36).slice(2, 6)}`;
  const c = admin();
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  created.push(name);
  const u = new URL(inject("pgAdminUrl"));
  u.pathname = `/${name}`;
  return u.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

let dir: string;
const tempDirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
};
function writeMigration(name: string, sql: string) {
  mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

beforeEach(() => {
  dir = tempDir("tandem-mig-");
  writeMigration("20260101000000_a", `CREATE TABLE "Thing" (id int primary key);`);
  writeMigration("20260102000000_b", `ALTER TABLE "Thing" ADD COLUMN name text;`);
});

afterAll(async () => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  const c = admin();
  await c.connect();
  for (const n of created) await c.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
  await c.end();
});

describe("migrate", () => {
  it("applies pending migrations in order, once, and records them as Prisma does", async () => {
    const url = await emptyDatabase();
    expect(await migrate(url, dir)).toEqual({ applied: ["20260101000000_a", "20260102000000_b"], total: 2 });
    expect(await migrate(url, dir)).toEqual({ applied: [], total: 2 });
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    const sha = createHash("sha256").update(readFileSync(path.join(dir, "20260101000000_a", "migration.sql"))).digest("hex");
    expect(rows[0]).toMatchObject({ migration_name: "20260101000000_a", checksum: sha });
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("lets only one of several concurrent processes apply each migration", async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([migrate(url, dir), migrate(url, dir), migrate(url, dir)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(["20260101000000_a", "20260102000000_b"]);
    expect(await query(url, `SELECT 1 FROM "_prisma_migrations"`)).toHaveLength(2);
  });

  it("rolls back a failing migration whole and keeps the ones before it", async () => {
    const url = await emptyDatabase();
    writeMigration("20260103000000_bad", `CREATE TABLE "Half" (id int); SELECT no_such_function();`);
    await expect(migrate(url, dir)).rejects.toThrow(/20260103000000_bad failed and was rolled back/);
    expect((await query<{ n: string }>(url, `SELECT migration_name AS n FROM "_prisma_migrations"`)).map((r) => r.n).sort()).toEqual(["20260101000000_a", "20260102000000_b"]);
    expect(await query(url, `SELECT to_regclass('"Half"') AS t`)).toEqual([{ t: null }]);
  });

  it("refuses a migration edited after it was applied, and a database migrated by a newer version", async () => {
    const url = await emptyDatabase();
    await migrate(url, dir);
    writeMigration("20260101000000_a", `CREATE TABLE "Thing" (id bigint primary key);`);
    await expect(migrate(url, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(url, dir)).rejects.toThrow(/was changed after it was applied/);

    const url2 = await emptyDatabase();
    writeMigration("20260101000000_a", `CREATE TABLE "Thing" (id int primary key);`);
    writeMigration("20260109000000_future", `SELECT 1;`);
    await migrate(url2, dir);
    const older = tempDir("tandem-mig-old-");
    mkdirSync(path.join(older, "20260101000000_a"));
    writeFileSync(path.join(older, "20260101000000_a", "migration.sql"), readFileSync(path.join(dir, "20260101000000_a", "migration.sql")));
    await expect(migrate(url2, older)).rejects.toThrow(/migrated by a newer version/);
  });

  it("reads the project's real migrations in order", async () => {
    const files = await readMigrations(path.resolve(import.meta.dirname, "../../prisma/migrations"));
    expect(files.length).toBeGreaterThan(0);
    expect(files.map((f) => f.name)).toEqual([...files.map((f) => f.name)].sort());
  });
});
