// Site evacuation benchmark (issue 17, item 7): a site of `groups` PostgreSQL
// pairs (primary in site-a, standby in site-b, the simulator's runbook hooks,
// so every switchover really runs over SSH) and `pools` web pools spread over
// both sites behind a COMMAND balancer in site-b, each pool depending on two of
// the databases (the derived recovery plan: databases first, then the pools,
// drained at the balancer). The real monitoring service, the operations engine
// and the site driver, wired as server/start-leader.ts wires them.
//
// For each parallelism bound, `runs` times: evacuate site-a, then return to it
// (each start waits until its preview is ready: the demoted primaries report
// their lag as standbys). Prints per operation the total RTO (first group
// started to last ended), per-group p50/p95/max, the most groups moving at
// once against the bound, wall time, Tandem's CPU per group beyond what
// polling alone costs (the simulator runs in a process of its own,
// bench/sim-child.ts, its CPU counted apart), SQL statements and SSH
// connections per group, and the speed-up over the smallest bound. Wall-clock figures are printed, never judged; a
// failed or skipped group, a group not where it should be afterwards, a
// dependency started before its database moved, or the bound exceeded fails
// the run.
import { createServer } from "node:http";
import { loadavg } from "node:os";
import pg from "pg";
import { DEFAULT_SIM_PASSWORD } from "../agents/sim/sim-fleet";
import type { SimHostInfo, SimHostSpec, SimStats } from "../agents/sim/sim-types";
import type { Actor } from "../server/auth/principal";
import { loadConfig } from "../server/config";
import { createSecretBox, deriveKey } from "../server/crypto/secret-box";
import { createDb, type Db } from "../server/db/client";
import { seedDemoGroups, seedDemoInfrastructure } from "../server/demo/seed-demo-groups";
import { setDependencies } from "../server/dr/recovery-plans";
import { siteDriver } from "../server/dr/site-driver";
import { getSiteReport, percentile } from "../server/dr/site-report";
import { previewEvacuation, previewReturn, startEvacuation, startReturn, type DrDeps } from "../server/dr/site-operations";
import type { TEvacuationPreview, TSiteOperationReport } from "../server/dr/dr.types";
import { failoverActions } from "../server/failover/failover-actions";
import { liveStatesOf } from "../server/groups/group-dto";
import { listGroups } from "../server/groups/list-groups";
import { credentialSecretFrom } from "../server/inventory/credentials/credential-secret";
import { createLogger } from "../server/lib/logger";
import { createMonitoring } from "../server/monitoring/monitoring-service";
import { createOperationsEngine, type OperationsEngine } from "../server/operations/engine";
import type { TOperation } from "../server/operations/operation.types";
import { createHub } from "../server/realtime/hub";
import { sleep, waitFor } from "../lab/sh";
import { benchDatabase } from "./bench-db";
import { forkBenchChild, seedServers } from "./bench-fleet";
import type { Row } from "./report";

export type EvacuationBenchOptions = { groups?: number; pools?: number; parallelism?: number[]; runs?: number; intervalMs?: number };

const SITE = "site-a";
const OTHER = "site-b";
const POOL_PER_SITE = 2;
const actor: Actor = { userId: null, label: "bench" };
/** The operations' pool connects under this name: its statements are counted apart from polling's. */
const OPS_APP = "tandem-bench-ops";
const pad = (i: number, width: number) => String(i).padStart(width, "0");

/** Statements sent by pg clients connected as `app` (every Client.query: BEGIN and COMMIT count). */
function countStatements(app: string): { count(): number; stop(): void } {
  let n = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client & { connectionParameters: { application_name?: string } }, ...args: unknown[]) {
    if (this.connectionParameters.application_name === app) n++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  return { count: () => n, stop: () => void (pg.Client.prototype.query = query) };
}

/** The fleet: pair i is db-a-i (primary, site-a) and db-b-i (standby, site-b); pool j has two web hosts per site; one balancer host in site-b. */
function fleetSpec(groups: number, pools: number): SimHostSpec[] {
  const specs: Omit<SimHostSpec, "address">[] = [];
  for (let i = 1; i <= groups; i++) {
    const group = `pg-${pad(i, 4)}`;
    specs.push({ name: `db-a-${pad(i, 4)}`, role: "primary", site: SITE, group, services: ["postgresql"] });
    specs.push({ name: `db-b-${pad(i, 4)}`, role: "standby", site: OTHER, group, services: ["postgresql"] });
  }
  for (let j = 1; j <= pools; j++) {
    for (const [site, s] of [[SITE, "a"], [OTHER, "b"]] as const) {
      for (let k = 1; k <= POOL_PER_SITE; k++) specs.push({ name: `web-${pad(j, 3)}-${s}${k}`, role: "web", site, group: `web-${pad(j, 3)}`, services: ["nginx"] });
    }
  }
  specs.push({ name: "lb-b-1", role: "lb", site: OTHER, services: ["haproxy"] });
  return specs.map((s, i) => ({ ...s, address: `127.46.${Math.floor(i / 250)}.${(i % 250) + 1}`, port: 2626 }));
}

type Measured = {
  kind: "evacuate" | "return";
  bound: number;
  run: number;
  waitReadyS: number;
  wallS: number;
  cpuS: number;
  /** Tandem's CPU per group beyond what polling alone costs over the same time; the simulator's likewise (the hosts' side of the moves). */
  cpuPerGroupMs: number;
  simCpuPerGroupMs: number;
  phase: TSiteOperationReport["phases"][number];
  switchover: { p50: number | null; p95: number | null; max: number | null };
  drain: { p50: number | null; max: number | null };
  /** A group's row from RUNNING to its end, p50/p95 (its RTO counts the child switchover only: start to verified). */
  span: { p50: number | null; p95: number | null };
  /** Per group (p50): row start to its child operation's start, and the child's end to the row's end. */
  before: number | null;
  after: number | null;
  /** Per group moved: SQL statements from the operations' pool, SSH connections opened and commands run on the simulator (polling's included). */
  sqlPerGroup: number;
  sshPerGroup: number;
  execsPerGroup: number;
  /** Sum of every group's own time over (bound × total): how full the bound was kept. */
  fill: number;
};

export async function runEvacuationBench(o: EvacuationBenchOptions = {}): Promise<Row[]> {
  const groups = o.groups ?? 500;
  const pools = o.pools ?? Math.max(1, Math.round(groups / 10));
  const bounds = o.parallelism ?? [4, 32];
  const runs = o.runs ?? 1;
  const intervalMs = o.intervalMs ?? 5000;
  if (pools * 2 > groups) throw new Error(`--evac-pools: each pool depends on two databases, so at most ${Math.floor(groups / 2)} pools for ${groups} groups`);
  if (bounds.some((b) => !Number.isInteger(b) || b < 1 || b > 100)) throw new Error(`--evac-parallelism must be bounds of 1-100, got ${bounds.join(",")}`);

  const log = createLogger({ level: "error" });
  const bdb = await benchDatabase();
  // As server/start.ts: the operations on a pool of 10, monitoring on its own 4.
  const opsUrl = new URL(bdb.url);
  opsUrl.searchParams.set("application_name", OPS_APP);
  const db: Db = createDb(opsUrl.toString(), { max: 10 });
  const statements = countStatements(OPS_APP);
  const monitoringDb: Db = createDb(bdb.url, { max: 4 });
  const secretBox = createSecretBox(deriveKey("benchmark-secret-benchmark-secret"));
  const http = createServer();
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const t0 = Date.now();
    const spec = fleetSpec(groups, pools);
    const sim = forkBenchChild("sim-child.ts", []);
    const simExited = new Promise((r) => sim.child.once("exit", r));
    stops.unshift(() => {
      sim.stop();
      return simExited;
    });
    const ready = sim.next<{ hosts: SimHostInfo[] }>("ready");
    sim.send({ type: "start", hosts: spec, seed: 17 });
    const simHosts = (await ready).hosts;
    const simStats = async () => {
      const r = sim.next<{ stats: SimStats }>("stats");
      sim.send({ type: "stats" });
      return (await r).stats;
    };
    const hosts = simHosts.map((h) => ({ ...h, fingerprint: h.hostKeyFingerprint, site: h.site! }));
    await seedServers(db, secretBox, hosts, credentialSecretFrom("PASSWORD", DEFAULT_SIM_PASSWORD, undefined), intervalMs);
    // Polling starts while the groups are seeded: its first connections take a while at this size.
    const config = loadConfig({ NODE_ENV: "production" });
    const hub = createHub(http, { db, config, log });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    stops.unshift(() => hub.close());
    const monitoring = createMonitoring({ db: monitoringDb, secretBox, hub, log, policy: config.health, retention: config.retention });
    await monitoring.start();
    stops.unshift(() => monitoring.stop());
    await seedDemoGroups(db, spec);
    await seedDemoInfrastructure(db, spec);
    // The pools sit behind lb-site-b: their site-a members are drained there, over SSH.
    const lb = await db.loadBalancer.findUniqueOrThrow({ where: { name: `lb-${OTHER}` } });
    await db.redundancyGroup.updateMany({ where: { mode: "ACTIVE_ACTIVE" }, data: { loadBalancerId: lb.id } });
    const groupIds = new Map((await db.redundancyGroup.findMany({ select: { id: true, name: true } })).map((g) => [g.name, g.id]));
    const dependsOn = new Map<string, string[]>();
    for (let j = 1; j <= pools; j++) {
      const dbs = [2 * j - 1, 2 * j].map((i) => groupIds.get(`pg-${pad(i, 4)}`)!);
      const pool = groupIds.get(`web-${pad(j, 3)}`)!;
      await setDependencies(db, actor, pool, dbs);
      dependsOn.set(pool, dbs);
    }
    const siteId = (await db.site.findUniqueOrThrow({ where: { name: SITE } })).id;
    console.log(`evacuation: ${simHosts.length} simulated hosts (${groups} pg pairs ${SITE} → ${OTHER}, ${pools} pools of ${POOL_PER_SITE * 2} over both sites), seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    let engine!: OperationsEngine;
    const driver = siteDriver({ secretBox, live: () => liveStatesOf(monitoring), engine: () => engine });
    engine = createOperationsEngine({ db, actions: failoverActions({ db, secretBox, log }), log, drivers: { EVACUATION: driver, SITE_RETURN: driver } });
    await engine.start();
    stops.unshift(() => engine.stop());
    const deps = (): DrDeps => ({ db, engine, live: liveStatesOf(monitoring) });

    const w0 = Date.now();
    await waitFor(
      `every group OK with every member (live lag on each standby), polls every ${intervalMs} ms`,
      async () => (await listGroups(db, liveStatesOf(monitoring))).every((g) => g.redundancy.state === "OK" && g.redundancy.unavailable.length === 0),
      300_000,
      1000,
    );
    console.log(`  every group OK after ${((Date.now() - w0) / 1000).toFixed(1)} s`);

    // What polling alone costs, to take out of the operations' CPU.
    const base0 = process.cpuUsage();
    const sim0 = await simStats();
    const b0 = Date.now();
    await sleep(10_000);
    const base = process.cpuUsage(base0);
    const sim1 = await simStats();
    const perMs = (cpuMs: number) => cpuMs / (Date.now() - b0);
    const ctx: Ctx = { db, simStats, statements, pollingCores: perMs((base.user + base.system) / 1e3), simPollingCores: perMs(simCpuMs(sim1) - simCpuMs(sim0)) };
    console.log(`  polling ${simHosts.length} hosts every ${intervalMs} ms alone: ${ctx.pollingCores.toFixed(2)} of a core in Tandem, ${ctx.simPollingCores.toFixed(2)} in the simulator`);
    const results: Measured[] = [];
    for (const bound of bounds) {
      for (let run = 1; run <= runs; run++) {
        const out = await measure(ctx, "evacuate", bound, run, () => previewEvacuation(deps(), siteId, { parallelism: bound }), () => startEvacuation(deps(), actor, siteId, { reason: "bench", parallelism: bound }));
        await checkWhere(db, OTHER, pools);
        results.push(out.m);
        checkDependencies(out.report, dependsOn);
        const back = await measure(ctx, "return", bound, run, () => previewReturn(deps(), siteId, { parallelism: bound }), () => startReturn(deps(), actor, siteId, { reason: "bench", parallelism: bound }));
        await checkWhere(db, SITE, pools);
        results.push(back.m);
      }
    }
    return rowsOf(results, bounds);
  } finally {
    statements.stop();
    for (const s of stops) await s().catch(() => undefined);
    http.close();
    await db.$disconnect().catch(() => undefined);
    await monitoringDb.$disconnect().catch(() => undefined);
    await bdb.drop().catch(() => undefined);
  }

}

/** `pollingCores`, `simPollingCores`: this process's and the simulator's CPU while only polling, in cores (CPU seconds per second). */
type Ctx = { db: Db; simStats: () => Promise<SimStats>; statements: { count(): number }; pollingCores: number; simPollingCores: number };
const simCpuMs = (s: SimStats) => s.cpuUserMs + s.cpuSystemMs;

/** One site operation, once its preview is ready: started, awaited, its report read and checked. */
async function measure(
  { db, simStats, statements, pollingCores, simPollingCores }: Ctx,
  kind: Measured["kind"],
  bound: number,
  run: number,
  preview: () => Promise<TEvacuationPreview>,
  start: () => Promise<{ operation: TOperation; done: Promise<TOperation> }>,
): Promise<{ m: Measured; report: TSiteOperationReport }> {
  // A switchover moments ago: the demoted side reports its lag as a standby at its next poll.
  const r0 = Date.now();
  await waitFor(`the ${kind} (bound ${bound}) ready to start`, async () => (await preview()).ready, 120_000, 500);
  const waitReadyS = (Date.now() - r0) / 1000;
  const sql0 = statements.count();
  const ssh0 = await simStats();
  const cpu0 = process.cpuUsage();
  const w0 = Date.now();
  const { operation, done } = await start();
  const op = await done;
  const wallS = (Date.now() - w0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sql = statements.count() - sql0;
  const ssh1 = await simStats();
  const report = await getSiteReport(db, operation.id);
  const phase = report.phases[0]!;
  const bad = report.groups.filter((g) => g.state !== "SUCCEEDED");
  if (op.state !== "SUCCEEDED" || bad.length || phase.failed || phase.skipped) {
    throw new Error(`${kind} with bound ${bound} ended ${op.state}: ${op.outcome}\n  ${bad.slice(0, 10).map((g) => `${g.name} ${g.state}: ${g.detail}`).join("\n  ")}`);
  }
  if (phase.maxParallel > bound) throw new Error(`${kind} with bound ${bound}: ${phase.maxParallel} groups moved at once`);
  const rto = (action: string) => report.groups.filter((g) => g.action === action && g.rtoMs !== null).map((g) => g.rtoMs!).sort((a, b) => a - b);
  const sw = rto("SWITCHOVER");
  const dr = rto(kind === "evacuate" ? "DRAIN" : "ENABLE");
  const spans = report.groups.map((g) => Date.parse(g.endedAt!) - Date.parse(g.startedAt!)).sort((a, b) => a - b);
  const busyMs = spans.reduce((a, b) => a + b, 0);
  const children = new Map((await db.operation.findMany({ where: { parentId: operation.id }, select: { id: true, startedAt: true, endedAt: true } })).map((c) => [c.id, c]));
  const gaps = (f: (g: (typeof report.groups)[number], c: { startedAt: Date | null; endedAt: Date | null }) => number) =>
    report.groups
      .flatMap((g) => {
        const c = g.childOperationId ? children.get(g.childOperationId) : undefined;
        return c?.startedAt && c.endedAt ? [f(g, c)] : [];
      })
      .sort((a, b) => a - b);
  const m: Measured = {
    kind,
    bound,
    run,
    waitReadyS,
    wallS,
    cpuS: (cpu.user + cpu.system) / 1e6,
    cpuPerGroupMs: (((cpu.user + cpu.system) / 1e6 - pollingCores * wallS) * 1000) / phase.groups,
    simCpuPerGroupMs: (simCpuMs(ssh1) - simCpuMs(ssh0) - simPollingCores * wallS * 1000) / phase.groups,
    phase,
    switchover: { p50: percentile(sw, 50), p95: percentile(sw, 95), max: sw.at(-1) ?? null },
    drain: { p50: percentile(dr, 50), max: dr.at(-1) ?? null },
    span: { p50: percentile(spans, 50), p95: percentile(spans, 95) },
    before: percentile(gaps((g, c) => c.startedAt!.getTime() - Date.parse(g.startedAt!)), 50),
    after: percentile(gaps((g, c) => Date.parse(g.endedAt!) - c.endedAt!.getTime()), 50),
    sqlPerGroup: sql / phase.groups,
    sshPerGroup: (ssh1.connectionsTotal - ssh0.connectionsTotal) / phase.groups,
    execsPerGroup: (ssh1.execs - ssh0.execs) / phase.groups,
    fill: phase.totalMs ? busyMs / (bound * phase.totalMs) : NaN,
  };
  const s = (ms: number | null) => (ms === null ? "?" : (ms / 1000).toFixed(2));
  console.log(
    `  ${kind.padEnd(8)} bound ${String(bound).padStart(3)} run ${run}: ${phase.succeeded}/${phase.groups} groups, total RTO ${s(phase.totalMs)} s, per group p50 ${s(phase.p50Ms)} / p95 ${s(phase.p95Ms)} s` +
      ` (switchover p50 ${s(m.switchover.p50)} / p95 ${s(m.switchover.p95)} / max ${s(m.switchover.max)} s, pool p50 ${s(m.drain.p50)} s),\n      in motion p50 ${s(m.span.p50)} / p95 ${s(m.span.p95)} s (before its switchover ${s(m.before)} s, after ${s(m.after)} s), at once ≤ ${phase.maxParallel} of ${bound} (bound kept ${(m.fill * 100).toFixed(0)} % full),` +
      ` wall ${wallS.toFixed(1)} s, Tandem CPU ${m.cpuS.toFixed(1)} s (${m.cpuPerGroupMs.toFixed(0)} ms per group beyond polling, the simulator ${m.simCpuPerGroupMs.toFixed(0)} ms; machine load ${loadavg()[0]!.toFixed(1)}); ready after ${waitReadyS.toFixed(1)} s;\n      per group ${m.sqlPerGroup.toFixed(0)} SQL statements, ${m.sshPerGroup.toFixed(1)} SSH connections, ${m.execsPerGroup.toFixed(1)} commands`,
  );
  return { m, report };
}

/** Every pg group's primary in `site`; every pool's site-a members drained after an evacuation, in service after a return. */
async function checkWhere(db: Db, site: string, pools: number): Promise<void> {
  const primaries = await db.groupMember.findMany({ where: { role: "PRIMARY" }, select: { group: { select: { name: true } }, server: { select: { site: { select: { name: true } } } } } });
  const misplaced = primaries.filter((p) => p.server.site?.name !== site);
  if (misplaced.length) throw new Error(`${misplaced.length} group(s) with their primary outside ${site}: ${misplaced.slice(0, 5).map((p) => p.group.name).join(", ")}`);
  const want = site === SITE ? "IN_SERVICE" : "DRAINED";
  const pool = await db.groupMember.count({ where: { role: "ACTIVE", adminState: want, server: { site: { name: SITE } } } });
  if (pool !== pools * POOL_PER_SITE) throw new Error(`${pool} of ${pools * POOL_PER_SITE} pool members in ${SITE} ${want}`);
}

/** No pool started before both of its databases had moved. */
function checkDependencies(report: TSiteOperationReport, dependsOn: ReadonlyMap<string, string[]>): void {
  const byId = new Map(report.groups.map((g) => [g.groupId, g]));
  for (const [pool, dbs] of dependsOn) {
    const p = byId.get(pool)!;
    const early = dbs.map((d) => byId.get(d)!).filter((d) => Date.parse(p.startedAt!) < Date.parse(d.endedAt!));
    if (early.length) throw new Error(`${p.name} started before ${early.map((d) => d.name).join(", ")} had moved`);
  }
}

function rowsOf(results: Measured[], bounds: number[]): Row[] {
  const rows: Row[] = [];
  const s = (ms: number | null) => (ms === null ? NaN : ms / 1000);
  const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50) ?? NaN;
  for (const kind of ["evacuate", "return"] as const) {
    const base = median(results.filter((r) => r.kind === kind && r.bound === bounds[0]).map((r) => s(r.phase.totalMs)));
    for (const bound of bounds) {
      const rs = results.filter((r) => r.kind === kind && r.bound === bound);
      const total = median(rs.map((r) => s(r.phase.totalMs)));
      const label = `${kind}, bound ${bound}`;
      rows.push(
        { figure: `${label}: total RTO`, value: total, unit: "s", target: null, better: "lower" },
        { figure: `${label}: per group p50`, value: median(rs.map((r) => s(r.phase.p50Ms))), unit: "s", target: null, better: "lower" },
        { figure: `${label}: per group p95`, value: median(rs.map((r) => s(r.phase.p95Ms))), unit: "s", target: null, better: "lower" },
        { figure: `${label}: switchover max`, value: Math.max(...rs.map((r) => s(r.switchover.max))), unit: "s", target: null, better: "lower" },
        // The bound is asserted in measure(); shown against it here.
        { figure: `${label}: most groups moving at once`, value: Math.max(...rs.map((r) => r.phase.maxParallel)), unit: "", target: bound, better: "lower" },
        { figure: `${label}: wall time`, value: median(rs.map((r) => r.wallS)), unit: "s", target: null, better: "lower" },
        { figure: `${label}: Tandem CPU per group beyond polling`, value: median(rs.map((r) => r.cpuPerGroupMs)), unit: "ms", target: null, better: "lower" },
        { figure: `${label}: simulator CPU per group (the hosts' side)`, value: median(rs.map((r) => r.simCpuPerGroupMs)), unit: "ms", target: null, better: "lower" },
      );
      if (bound !== bounds[0]) rows.push({ figure: `${label}: speed-up over bound ${bounds[0]}`, value: base / total, unit: "×", target: null, better: "higher" });
    }
  }
  return rows;
}
