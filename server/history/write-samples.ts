// One INSERT per batch, whatever its size: the rows travel as arrays and are
// unnested in Postgres (thousands of rows per second at a few ms of CPU).
import type { Db } from "../db/client";
import type { HistoryRow } from "../health/health-engine";

export async function writeSamples(db: Db, rows: HistoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof HistoryRow>(k: K) => rows.map((r) => r[k]);
  await db.$executeRaw`
    INSERT INTO "HealthSample" ("serverId", "at", "state", "cpuPct", "memPct", "swapPct", "load1", "diskPct", "netRxBps", "netTxBps", "lagSec")
    SELECT * FROM unnest(
      ${col("serverId")}::uuid[], ${col("at")}::timestamptz[], ${col("state")}::"HostState"[],
      ${col("cpuPct")}::real[], ${col("memPct")}::real[], ${col("swapPct")}::real[], ${col("load1")}::real[],
      ${col("diskPct")}::real[], ${col("netRxBps")}::real[], ${col("netTxBps")}::real[], ${col("lagSec")}::real[])
    ON CONFLICT ("serverId", "at") DO NOTHING`;
}
