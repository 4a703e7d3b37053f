// Minute rollups from raw samples, hour rollups from minute rollups. Each run
// recomputes the recent complete periods, so a late or repeated run is harmless.
import type { Db } from "../db/client";

const UP = `('UP', 'DEGRADED')`;
const COLUMNS = ["serverId", "at", "samples", "upSamples", "cpuAvg", "cpuMax", "memAvg", "memMax", "load1Avg", "load1Max", "diskMax", "netRxBps", "netTxBps", "lagMax"];
// A rerun over the same period replaces what it computed before.
const UPSERT = `ON CONFLICT ("serverId", "at") DO UPDATE SET ${COLUMNS.slice(2).map((c) => `"${c}" = EXCLUDED."${c}"`).join(", ")}`;

export async function rollUpMinutes(db: Db, from: Date, to: Date): Promise<number> {
  return db.$executeRawUnsafe(
    `INSERT INTO "HealthRollupMinute" (${COLUMNS.map((c) => `"${c}"`).join(", ")})
     SELECT "serverId", date_trunc('minute', "at"), count(*), count(*) FILTER (WHERE "state" IN ${UP}),
            avg("cpuPct"), max("cpuPct"), avg("memPct"), max("memPct"), avg("load1"), max("load1"), max("diskPct"),
            avg("netRxBps"), avg("netTxBps"), max("lagSec")
       FROM "HealthSample" WHERE "at" >= $1 AND "at" < $2
      GROUP BY 1, 2
     ${UPSERT}`,
    from,
    to,
  );
}

export async function rollUpHours(db: Db, from: Date, to: Date): Promise<number> {
  // Averages weighted by each minute's sample count, so a half-empty minute counts half.
  const w = (c: string) => `sum("${c}" * "samples") / nullif(sum("samples") FILTER (WHERE "${c}" IS NOT NULL), 0)`;
  return db.$executeRawUnsafe(
    `INSERT INTO "HealthRollupHour" (${COLUMNS.map((c) => `"${c}"`).join(", ")})
     SELECT "serverId", date_trunc('hour', "at"), sum("samples"), sum("upSamples"),
            ${w("cpuAvg")}, max("cpuMax"), ${w("memAvg")}, max("memMax"), ${w("load1Avg")}, max("load1Max"), max("diskMax"),
            ${w("netRxBps")}, ${w("netTxBps")}, max("lagMax")
       FROM "HealthRollupMinute" WHERE "at" >= $1 AND "at" < $2
      GROUP BY 1, 2
     ${UPSERT}`,
    from,
    to,
  );
}

/** The last `minutes` complete minutes and `hours` complete hours up to now (the current, partial one included). */
export async function rollUpRecent(db: Db, now: Date, opts = { minutes: 3, hours: 2 }): Promise<void> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  await rollUpMinutes(db, new Date(minute.getTime() - opts.minutes * 60_000), new Date(minute.getTime() + 60_000));
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  await rollUpHours(db, new Date(hour.getTime() - (opts.hours - 1) * 3_600_000), new Date(hour.getTime() + 3_600_000));
}
