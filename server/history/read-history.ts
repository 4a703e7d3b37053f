import type { Db } from "../db/client";
import type { THistory, THistoryPoint } from "./history.types";

const SPAN: Record<THistory["range"], { ms: number; resolution: THistory["resolution"] }> = {
  "15m": { ms: 15 * 60_000, resolution: "raw" },
  "1h": { ms: 3_600_000, resolution: "raw" },
  "24h": { ms: 86_400_000, resolution: "minute" },
  "7d": { ms: 7 * 86_400_000, resolution: "hour" },
};

type Row = { t: Date; cpu: number | null; cpuMax: number | null; mem: number | null; disk: number | null; load1: number | null; rxBps: number | null; txBps: number | null; lag: number | null; up: number };

export async function readHistory(db: Db, serverId: string, range: THistory["range"], now = new Date()): Promise<THistory> {
  const { ms, resolution } = SPAN[range];
  const from = new Date(now.getTime() - ms);
  let rows: Row[];
  if (resolution === "raw") {
    rows = await db.$queryRaw<Row[]>`
      SELECT "at" AS t, "cpuPct" AS cpu, "cpuPct" AS "cpuMax", "memPct" AS mem, "diskPct" AS disk, "load1", "netRxBps" AS "rxBps", "netTxBps" AS "txBps", "lagSec" AS lag,
             CASE WHEN "state" IN ('UP', 'DEGRADED') THEN 1 ELSE 0 END::float8 AS up
        FROM "HealthSample" WHERE "serverId" = ${serverId}::uuid AND "at" >= ${from} AND "at" <= ${now} ORDER BY "at"`;
  } else {
    const table = resolution === "minute" ? "HealthRollupMinute" : "HealthRollupHour";
    rows = await db.$queryRawUnsafe<Row[]>(
      `SELECT "at" AS t, "cpuAvg" AS cpu, "cpuMax", "memAvg" AS mem, "diskMax" AS disk, "load1Avg" AS "load1", "netRxBps" AS "rxBps", "netTxBps" AS "txBps", "lagMax" AS lag,
              ("upSamples"::float8 / greatest("samples", 1)) AS up
         FROM "${table}" WHERE "serverId" = $1::uuid AND "at" >= $2 AND "at" <= $3 ORDER BY "at"`,
      serverId,
      from,
      now,
    );
  }
  const num = (v: number | null) => (v === null ? null : Math.round(Number(v) * 100) / 100);
  const points: THistoryPoint[] = rows.map((r) => ({
    t: r.t.getTime(),
    cpu: num(r.cpu),
    cpuMax: num(r.cpuMax),
    mem: num(r.mem),
    disk: num(r.disk),
    load1: num(r.load1),
    rxBps: num(r.rxBps),
    txBps: num(r.txBps),
    lag: num(r.lag),
    up: Number(r.up),
  }));
  return { range, resolution, from: from.getTime(), to: now.getTime(), points };
}
