import { migrationStatus } from "../db/migrate";
import type { Runtime } from "../runtime";

export type Health = {
  status: "ok" | "unavailable";
  live: true;
  ready: boolean;
  version: string;
  uptimeSeconds: number;
  checks: {
    database: { ok: boolean; latencyMs: number | null; error?: string };
    migrations: { ok: boolean; applied: number; expected: number };
  };
};

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))]);
}

/** Liveness is answering at all; readiness is the database reachable and fully migrated. No secrets, no hostnames. */
export async function checkHealth(rt: Pick<Runtime, "db" | "version" | "startedAt" | "expectedMigrations">, now = new Date()): Promise<Health> {
  const t0 = performance.now();
  let database: Health["checks"]["database"];
  let migrations: Health["checks"]["migrations"] = { ok: false, applied: 0, expected: rt.expectedMigrations.length };
  try {
    await withTimeout(rt.db.$queryRaw`SELECT 1`, 2000);
    database = { ok: true, latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
    const m = await withTimeout(
      migrationStatus((sql) => rt.db.$queryRawUnsafe<{ migration_name: string }[]>(sql), rt.expectedMigrations),
      2000,
    );
    migrations = { ok: m.current, applied: m.applied, expected: m.expected };
  } catch (e) {
    database = { ok: false, latencyMs: null, error: "database unreachable: " + (e as Error).message.split("\n")[0] };
  }
  const ready = database.ok && migrations.ok;
  return {
    status: ready ? "ok" : "unavailable",
    live: true,
    ready,
    version: rt.version,
    uptimeSeconds: Math.round((now.getTime() - rt.startedAt.getTime()) / 1000),
    checks: { database, migrations },
  };
}
