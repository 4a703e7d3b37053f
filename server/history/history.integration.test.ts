// History as the charts use it: samples land in time partitions, roll up per
// minute and hour, read back per range, and expire by dropping whole partitions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/integration/database";
import { maintainPartitions, partitionName } from "./partitions";
import { writeSamples } from "./write-samples";
import { rollUpRecent } from "./rollups";
import { readHistory } from "./read-history";
import type { HistoryRow } from "../health/health-engine";

let t: TestDatabase;
let serverId: string;
const now = new Date("2026-11-26T12:30:30Z");

beforeAll(async () => {
  t = await createTestDatabase();
  serverId = (await t.db.server.create({ data: { name: "hist-1", address: "127.0.0.1" } })).id;
});
afterAll(async () => {
  await t?.drop();
});

const partitions = async (table: string) =>
  (await t.db.$queryRaw<{ name: string }[]>`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = ${`"${table}"`}::regclass ORDER BY 1`).map((r) => r.name);

function row(secondsAgo: number, cpu: number, state: HistoryRow["state"] = "UP"): HistoryRow {
  const up = state === "UP";
  return { serverId, at: new Date(now.getTime() - secondsAgo * 1000), state, cpuPct: up ? cpu : null, memPct: up ? 50 : null, swapPct: null, load1: up ? 0.5 : null, diskPct: up ? 40 : null, netRxBps: up ? 1000 : null, netTxBps: up ? 500 : null, lagSec: null };
}

describe("history", () => {
  it("creates partitions ahead and drops expired ones whole", async () => {
    const first = await maintainPartitions(t.db, now);
    expect(first.created).toContain(partitionName("HealthSample", "hour", new Date("2026-11-26T12:00:00Z")));
    expect(first.created).toContain(partitionName("HealthSample", "hour", new Date("2026-11-26T15:00:00Z")));
    expect(first.created).toContain("HealthRollupMinute_p20261127");
    expect(first.created).toContain("HealthRollupHour_p202611");
    expect((await maintainPartitions(t.db, now)).created).toEqual([]); // idempotent

    // Ten hours later the raw partitions of 11:00 and 12:00 are past the 6 h retention.
    const later = await maintainPartitions(t.db, new Date(now.getTime() + 10 * 3_600_000));
    expect(later.dropped).toEqual(expect.arrayContaining(["HealthSample_p2026112611", "HealthSample_p2026112612"]));
    expect(await partitions("HealthSample")).not.toContain("HealthSample_p2026112612");
    await maintainPartitions(t.db, now); // recreate for the next test
  });

  it("writes a batch of samples in one statement and reads them back per range", async () => {
    // 10 minutes at 5 s, cpu rising 0..119 %, with a 1-minute outage 3 minutes ago.
    const rows: HistoryRow[] = [];
    for (let s = 600; s > 0; s -= 5) rows.push(row(s, (600 - s) / 5, s <= 180 && s > 120 ? "DOWN" : "UP"));
    await writeSamples(t.db, rows);
    await writeSamples(t.db, rows.slice(0, 3)); // a replayed batch adds nothing

    const h = await readHistory(t.db, serverId, "15m", now);
    expect(h.resolution).toBe("raw");
    expect(h.points).toHaveLength(120);
    expect(h.points.filter((p) => p.up === 0)).toHaveLength(12);
    expect(h.points.at(-1)!.cpu).toBe(119);

    await rollUpRecent(t.db, now, { minutes: 12, hours: 1 });
    const day = await readHistory(t.db, serverId, "24h", now);
    expect(day.resolution).toBe("minute");
    expect(day.points.length).toBeGreaterThanOrEqual(10);
    // The outage (12:27:30-12:28:25) covers half of two minutes.
    expect(day.points.filter((p) => p.up < 1).map((p) => p.up)).toEqual([0.5, 0.5]);

    const week = await readHistory(t.db, serverId, "7d", now);
    expect(week.resolution).toBe("hour");
    expect(week.points).toHaveLength(1);
    expect(week.points[0]!.up).toBeCloseTo(108 / 120, 2);
    expect(week.points[0]!.cpuMax).toBe(119);
  });
});
