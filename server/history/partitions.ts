// Time partitions for the history tables: created ahead of time, dropped whole
// once past retention (a DROP TABLE of an old partition costs the same for ten
// rows or ten million; a DELETE would not).
import type { Db } from "../db/client";

export type PartitionUnit = "hour" | "day" | "month";
export type HistoryTable = { table: "HealthSample" | "HealthRollupMinute" | "HealthRollupHour"; unit: PartitionUnit; ahead: number };

export const HISTORY_TABLES: HistoryTable[] = [
  { table: "HealthSample", unit: "hour", ahead: 3 },
  { table: "HealthRollupMinute", unit: "day", ahead: 2 },
  { table: "HealthRollupHour", unit: "month", ahead: 2 },
];

export type Retention = { rawHours: number; minuteDays: number; hourDays: number };
export const DEFAULT_RETENTION: Retention = { rawHours: 6, minuteDays: 30, hourDays: 400 };

export function startOf(unit: PartitionUnit, t: Date): Date {
  const d = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), unit === "month" ? 1 : t.getUTCDate(), unit === "hour" ? t.getUTCHours() : 0));
  return d;
}

export function addUnits(unit: PartitionUnit, t: Date, n: number): Date {
  const d = new Date(t);
  if (unit === "hour") d.setUTCHours(d.getUTCHours() + n);
  else if (unit === "day") d.setUTCDate(d.getUTCDate() + n);
  else d.setUTCMonth(d.getUTCMonth() + n);
  return d;
}

const pad = (n: number) => String(n).padStart(2, "0");
export function partitionName(table: string, unit: PartitionUnit, start: Date): string {
  const y = start.getUTCFullYear();
  const m = pad(start.getUTCMonth() + 1);
  if (unit === "month") return `${table}_p${y}${m}`;
  const d = pad(start.getUTCDate());
  return unit === "day" ? `${table}_p${y}${m}${d}` : `${table}_p${y}${m}${d}${pad(start.getUTCHours())}`;
}

/** The start of a partition, read back from its name (names are ours). */
export function partitionStart(name: string): Date | null {
  const m = /_p(\d{4})(\d{2})(\d{2})?(\d{2})?$/.exec(name);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1, m[4] ? Number(m[4]) : 0));
}

function retentionMs(table: HistoryTable["table"], r: Retention): number {
  if (table === "HealthSample") return r.rawHours * 3_600_000;
  return (table === "HealthRollupMinute" ? r.minuteDays : r.hourDays) * 86_400_000;
}

export type PartitionChanges = { created: string[]; dropped: string[] };

export async function maintainPartitions(db: Db, now: Date, retention: Retention = DEFAULT_RETENTION): Promise<PartitionChanges> {
  const changes: PartitionChanges = { created: [], dropped: [] };
  await db.$transaction(async (tx) => {
    // Two Tandem processes may both run this; one at a time.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7453417837412323434)`;
    for (const h of HISTORY_TABLES) {
      const existing = await tx.$queryRaw<{ name: string }[]>`
        SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = ${`"${h.table}"`}::regclass`;
      const have = new Set(existing.map((e) => e.name));
      // From one unit back (late samples) to `ahead` units forward.
      for (let i = -1; i <= h.ahead; i++) {
        const start = addUnits(h.unit, startOf(h.unit, now), i);
        const name = partitionName(h.table, h.unit, start);
        if (have.has(name)) continue;
        const end = addUnits(h.unit, start, 1);
        await tx.$executeRawUnsafe(
          `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF "${h.table}" FOR VALUES FROM ('${start.toISOString()}') TO ('${end.toISOString()}')`,
        );
        changes.created.push(name);
      }
      const cutoff = now.getTime() - retentionMs(h.table, retention);
      for (const name of have) {
        const start = partitionStart(name);
        if (start && addUnits(h.unit, start, 1).getTime() <= cutoff) {
          await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS "${name}"`);
          changes.dropped.push(name);
        }
      }
    }
  });
  return changes;
}
