// The embedded database as `npm start` uses it: data survives a restart, and a
// second Tandem on the same data directory is refused with a clear message.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { createLogger } from "../lib/logger";

const log = createLogger({ level: "error" });
const dir = mkdtempSync(path.join(tmpdir(), "tandem-embedded-"));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sql(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("keeps data across restarts and refuses a second instance on the same directory", async () => {
    const first = await startEmbeddedPostgres(dir, log);
    try {
      expect(first.url).toMatch(/^postgresql:\/\/tandem:[^@]+@127\.0\.0\.1:\d+\/tandem$/);
      await sql(first.url, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')`);
      await expect(startEmbeddedPostgres(dir, log)).rejects.toThrow(/Another Tandem \(pid \d+\) is already running on the data directory/);
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres(dir, log);
    try {
      expect(await sql(second.url, `SELECT v FROM kept`)).toEqual([{ v: "still here" }]);
      // Password authentication is on: a wrong password is refused.
      const wrong = second.url.replace(/tandem:[^@]+@/, "tandem:wrong@");
      await expect(sql(wrong, "SELECT 1")).rejects.toThrow(/password authentication failed/);
    } finally {
      await second.stop();
    }
  });
});

describe("embedded PostgreSQL as root", () => {
  it.runIf(process.getuid?.() === 0)("explains a data directory the postgres user cannot reach", async () => {
    const closed = mkdtempSync(path.join(tmpdir(), "tandem-closed-"));
    chmodSync(closed, 0o700);
    try {
      await expect(startEmbeddedPostgres(path.join(closed, "data"), log)).rejects.toThrow(/cannot enter .*tandem-closed-.*mode 700.*TANDEM_DATA_DIR/);
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  });
});
