// Automatic failover benchmark (issue 4, item 7): a simulated PostgreSQL pair
// (real SSH, `tandem-sim` runbook hooks) polled every second, behind a real
// HAProxy with one HTTP backend per member, watched by Tandem's monitoring
// service, operations engine and automatic failover wired as server/start.ts
// wires them. Each run kills the current primary (the simulator's `down`
// fault: unreachable for Tandem and for its peers alike) and times death to
// the new primary verified serving, and to HAProxy actually answering from it;
// then the old primary is brought back as the new standby, so the next run
// fails over the other way.
//
// Reset between runs (no switchover involved): clear the fault, wait until
// monitoring sees the old primary UP, demote it on the host with its own
// `tandem-sim role standby` hook (what an admin does when rebuilding an old
// primary as a standby), set its member row back to IN_SERVICE if the failover
// fenced it (a DB update; its HAProxy server stays in maintenance, as a
// standby's should), then wait until it reports a replication lag (a standby
// qualifies only with one).
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { DEFAULT_SIM_PASSWORD, startSimFleet } from "../agents/sim/sim-fleet";
import type { SimFleet } from "../agents/sim/sim-types";
import { createDb, type Db } from "../server/db/client";
import { createSecretBox, deriveKey } from "../server/crypto/secret-box";
import { loadConfig } from "../server/config";
import { createLogger } from "../server/lib/logger";
import { createHub } from "../server/realtime/hub";
import { createMonitoring, type Monitoring } from "../server/monitoring/monitoring-service";
import { createOperationsEngine, type OperationsEngine } from "../server/operations/engine";
import { operationRoomProvider } from "../server/operations/operation-room";
import { failoverActions } from "../server/failover/failover-actions";
import { runHook } from "../server/failover/run-hook";
import { createAutoFailover } from "../server/failover/auto-failover";
import { seedDemoFleet } from "../server/demo/seed-demo-fleet";
import { getVia, startHaproxy, startHttpBackend, type TestHaproxy, type TestHttpBackend } from "../test/integration/haproxy";
import { benchDatabase } from "./bench-db";
import { printTable, type Row } from "./report";

export type FailoverBenchOptions = { runs?: number };

const INTERVAL_MS = 1000;
const RUN_DEADLINE_MS = 60_000;
const BACKEND = "pg";
const TERMINAL = new Set(["SUCCEEDED", "FAILED", "ABORTED", "ROLLED_BACK", "PAUSED"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Measured = { from: string; to: string; verifiedMs: number; haproxyMs: number; rtoMs: number | null; detectionMs: number | null; decisionMs: number | null; cutoverMs: number | null; totalOpMs: number };

/** Nearest-rank percentile of the finite values; NaN when there are none. */
function pct(values: (number | null)[], p: number): number {
  const v = values.filter((x): x is number => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))]!;
}

class StuckRun extends Error {}

/** Polls until check() is truthy; throws (naming what) at the deadline. */
async function until<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, deadline: number, everyMs = 50): Promise<T> {
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new StuckRun(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Health policy and failover brake as the server reads them (TANDEM_HEALTH_* and TANDEM_FAILOVER_* honoured), production defaults otherwise. */
function serverConfig() {
  const env: Record<string, string> = { NODE_ENV: "production" };
  for (const [k, v] of Object.entries(process.env)) if ((k.startsWith("TANDEM_HEALTH_") || k.startsWith("TANDEM_FAILOVER_")) && v !== undefined) env[k] = v;
  return loadConfig(env);
}

export async function runFailoverBench(opts: FailoverBenchOptions = {}): Promise<Row[]> {
  const runs = opts.runs ?? 20;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${runs}`);
  const config = serverConfig();
  const log = createLogger({ level: "error" });
  console.log(`failover: simulated pair at ${INTERVAL_MS} ms polls (down after ${config.health.downAfter}), real HAProxy, ${runs} automatic failovers`);

  const bdb = await benchDatabase();
  const db: Db = createDb(bdb.url, { max: 10 });
  const secretBox = createSecretBox(deriveKey("benchmark-secret-benchmark-secret"));
  const http = createServer();
  const backends: TestHttpBackend[] = [];
  const stops: (() => Promise<unknown>)[] = []; // run in reverse
  let sim: SimFleet | undefined;
  let haproxy: TestHaproxy | undefined;
  try {
    const net = `127.44.${process.pid % 250}`;
    const port = 2900 + Math.floor(Math.random() * 90) * 2;
    sim = await startSimFleet({
      hosts: [
        { name: "db-a", address: `${net}.1`, port, services: ["postgresql"], role: "primary", site: "bench" },
        { name: "db-b", address: `${net}.2`, port: port + 1, services: ["postgresql"], role: "standby", site: "bench" },
      ],
      seed: 4,
      preinstalled: true,
    });
    await seedDemoFleet(
      db,
      secretBox,
      sim.hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, username: h.username, fingerprint: h.hostKeyFingerprint, site: "bench", services: h.services })),
      DEFAULT_SIM_PASSWORD,
      { intervalMs: INTERVAL_MS },
    );
    const ids: Record<string, string> = {};
    for (const s of await db.server.findMany({ select: { id: true, name: true } })) ids[s.name] = s.id;
    const nameOf = (id: string) => Object.keys(ids).find((n) => ids[n] === id)!;

    // The pair's service: the primary's backend in rotation, the standby's in maintenance.
    for (const n of ["db-a", "db-b"]) backends.push(await startHttpBackend(n));
    haproxy = await startHaproxy({
      backends: [{ name: BACKEND, servers: [{ name: "db-a", port: backends[0]!.port }, { name: "db-b", port: backends[1]!.port, disabled: true }] }],
    });
    const lb = await db.loadBalancer.create({ data: { name: "bench-haproxy", kind: "HAPROXY", address: haproxy.statsAddress, backend: BACKEND } });
    const group = await db.redundancyGroup.create({
      data: {
        name: "pg-bench",
        mode: "ACTIVE_PASSIVE",
        minHealthy: 1,
        failoverPolicy: "AUTOMATIC",
        cooldownSeconds: 0,
        maxReplicationLagSeconds: 30,
        requireFencing: true,
        hooks: { check: "tandem-sim check", promote: "tandem-sim role primary", demote: "tandem-sim role standby", fence: "tandem-sim fence" },
        loadBalancerId: lb.id,
        members: {
          create: [
            { serverId: ids["db-a"]!, role: "PRIMARY", priority: 200, lbBackendServer: "db-a" },
            { serverId: ids["db-b"]!, role: "STANDBY", priority: 100, lbBackendServer: "db-b" },
          ],
        },
      },
    });

    // Services, as server/start.ts wires them: hub, monitoring, operations engine, automatic failover.
    const hub = createHub(http, { db, config, log });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    stops.push(() => hub.close());
    const monitoring: Monitoring = createMonitoring({ db, secretBox, hub, log, policy: config.health, retention: config.retention });
    await monitoring.start();
    stops.push(() => monitoring.stop());
    const operations: OperationsEngine = createOperationsEngine({
      db,
      actions: failoverActions({ db, secretBox, log: log.child({ component: "failover" }) }),
      log: log.child({ component: "operations" }),
      emit: (room, event, payload) => void hub.io.to(room).emit(event, payload),
    });
    hub.setRoomProvider("operation", operationRoomProvider(db));
    await operations.start();
    stops.push(() => operations.stop());
    // The fleet-wide brake (default 3 per 10 min) would stop a benchmark that fails over `runs` times in
    // a few minutes by design: it is raised to let every run through; everything else is the server's.
    const brake = { ...config.failoverBrake, max: Math.max(config.failoverBrake.max, runs + 1) };
    const auto = createAutoFailover({ db, secretBox, log: log.child({ component: "auto-failover" }), engine: operations, monitoring, brake });
    auto.start();
    stops.push(() => auto.stop());

    const live = (name: string) => monitoring.snapshot().hosts.find((h) => h.id === ids[name]);
    const standbyReady = (name: string) => live(name)?.state === "UP" && live(name)?.lag != null;
    const roles = async () => {
      const ms = await db.groupMember.findMany({ where: { groupId: group.id } });
      return Object.fromEntries(ms.map((m) => [nameOf(m.serverId), m]));
    };
    const served = async () => getVia(haproxy!.frontendPort, 1000).catch((e: Error) => `error: ${e.message}`);

    const setupDeadline = Date.now() + RUN_DEADLINE_MS;
    await until(() => live("db-a")?.state === "UP", "db-a UP", setupDeadline);
    await until(() => standbyReady("db-b"), "db-b UP with a replication lag", setupDeadline);
    await until(async () => (await served()) === "db-a", "HAProxy serving db-a", setupDeadline);

    const results: Measured[] = [];
    const seen = new Set((await db.operation.findMany({ select: { id: true } })).map((o) => o.id));
    for (let i = 1; i <= runs; i++) {
      const deadline = Date.now() + RUN_DEADLINE_MS;
      const r0 = await roles();
      const from = Object.keys(r0).find((n) => r0[n]!.role === "PRIMARY");
      const to = Object.keys(r0).find((n) => r0[n]!.role === "STANDBY");
      if (!from || !to) throw new Error(`run ${i}: expected one PRIMARY and one STANDBY, got ${JSON.stringify(Object.fromEntries(Object.entries(r0).map(([n, m]) => [n, m.role])))}`);
      await until(() => live(from)?.state === "UP" && standbyReady(to), `${from} UP and ${to} a qualifying standby before run ${i}`, deadline);
      await until(async () => (await served()) === from, `HAProxy serving ${from} before run ${i}`, deadline);

      // Death: the moment the fault is in effect (the host stops listening and drops its connections).
      await sim.inject(from, "down");
      const t0 = Date.now();

      // (b) HAProxy actually answering from the new primary, polled every 20 ms from T0.
      let stopPolling = false;
      const haproxyAt = (async () => {
        while (!stopPolling && Date.now() < deadline) {
          if ((await served()) === to) return Date.now();
          await sleep(20);
        }
        return NaN;
      })();

      try {
        // (a) The automatic operation, to a terminal state.
        const op = await until(
          async () => {
            const o = await db.operation.findFirst({ where: { groupId: group.id, initiator: "auto", id: { notIn: [...seen] } }, orderBy: { createdAt: "asc" } });
            return o && TERMINAL.has(o.state) ? o : undefined;
          },
          `run ${i}: the automatic failover of ${from} to finish`,
          deadline,
        ).catch(async (e: unknown) => {
          const refused = await db.auditEvent.findMany({ where: { action: "failover.refused", at: { gte: new Date(t0 - 1000) } }, orderBy: { at: "asc" } });
          if (refused.length) throw new StuckRun(`${(e as Error).message}; refused: ${refused.map((r) => JSON.stringify(r.details)).join(" | ")}`);
          throw e;
        });
        seen.add(op.id);
        const steps = await db.operationStep.findMany({ where: { operationId: op.id }, orderBy: { index: "asc" } });
        if (op.state !== "SUCCEEDED") {
          throw new StuckRun(`run ${i}: automatic operation ${op.id} ended ${op.state}: ${op.outcome ?? ""}\n${steps.map((s) => `  ${s.index} ${s.action} ${s.state} ${s.output.trim().slice(0, 300)}`).join("\n")}`);
        }
        const verify = steps.filter((s) => s.action === "verify" && s.endedAt).at(-1);
        if (!verify) throw new Error(`run ${i}: operation ${op.id} succeeded without a verify step (${steps.map((s) => s.action).join(", ")})`);
        const hp = await haproxyAt;
        if (!Number.isFinite(hp)) throw new StuckRun(`run ${i}: HAProxy never answered from ${to}`);
        const tm = (op.timings ?? {}) as { detectionMs?: number; decisionMs?: number; cutoverMs?: number };
        const m: Measured = {
          from,
          to,
          verifiedMs: verify.endedAt!.getTime() - t0,
          haproxyMs: hp - t0,
          rtoMs: op.rtoMs,
          detectionMs: tm.detectionMs ?? null,
          decisionMs: tm.decisionMs ?? null,
          cutoverMs: tm.cutoverMs ?? null,
          totalOpMs: (op.endedAt?.getTime() ?? NaN) - t0,
        };
        results.push(m);
        console.log(
          `  run ${String(i).padStart(2)}: ${from} → ${to}  verified ${m.verifiedMs} ms, HAProxy ${m.haproxyMs} ms, rto ${m.rtoMs ?? "n/a"} ms` +
            ` (detection ${m.detectionMs ?? "?"} / decision ${m.decisionMs ?? "?"} / cutover ${m.cutoverMs ?? "?"} ms)`,
        );
      } finally {
        stopPolling = true;
        await haproxyAt;
      }

      // Reset: the old primary back as the new standby (see the header).
      await sim.clear(from, "down");
      await until(() => live(from)?.state === "UP", `run ${i}: ${from} UP again after the fault cleared`, deadline);
      if (sim.host(from).fenced) throw new Error(`run ${i}: the simulator marked ${from} fenced; the simulator has no un-fence, so the next run cannot use it`);
      const demoted = await runHook({ db, secretBox }, { serverId: ids[from]!, hook: "tandem-sim role standby", env: { TANDEM_GROUP: group.name }, timeoutMs: 5000 });
      if (demoted.exitCode !== 0) throw new Error(`run ${i}: demoting ${from} failed: ${demoted.output}`);
      await db.groupMember.updateMany({ where: { groupId: group.id, serverId: ids[from]! }, data: { role: "STANDBY", adminState: "IN_SERVICE" } });
      const r1 = await roles();
      if (r1[to]!.role !== "PRIMARY") throw new Error(`run ${i}: ${to} is ${r1[to]!.role} after the failover, not PRIMARY`);
      await until(() => standbyReady(from), `run ${i}: ${from} reporting a replication lag as a standby`, deadline);
    }

    const col = (k: keyof Measured) => results.map((r) => r[k] as number | null);
    const s = (ms: number) => ms / 1000;
    return [
      { figure: "runs (automatic failovers, both directions)", value: results.length, unit: "", target: null, better: "higher" },
      { figure: "death → new primary verified serving p50", value: s(pct(col("verifiedMs"), 50)), unit: "s", target: 3, better: "lower" },
      { figure: "death → new primary verified serving p95", value: s(pct(col("verifiedMs"), 95)), unit: "s", target: null, better: "lower" },
      { figure: "  reference: Keepalived default takeover", value: 3.5, unit: "s", target: null, better: "lower" },
      { figure: "  reference: orchestrator (GitHub)", value: 11.5, unit: "s", target: null, better: "lower" },
      { figure: "death → HAProxy answering from new primary p50", value: s(pct(col("haproxyMs"), 50)), unit: "s", target: null, better: "lower" },
      { figure: "death → HAProxy answering from new primary p95", value: s(pct(col("haproxyMs"), 95)), unit: "s", target: null, better: "lower" },
      { figure: "recorded rtoMs (last good answer → verified) p50", value: s(pct(col("rtoMs"), 50)), unit: "s", target: null, better: "lower" },
      { figure: "recorded rtoMs p95", value: s(pct(col("rtoMs"), 95)), unit: "s", target: null, better: "lower" },
      { figure: "detection p50", value: pct(col("detectionMs"), 50), unit: "ms", target: null, better: "lower" },
      { figure: "decision p50", value: pct(col("decisionMs"), 50), unit: "ms", target: null, better: "lower" },
      { figure: "cutover p50", value: pct(col("cutoverMs"), 50), unit: "ms", target: null, better: "lower" },
      { figure: "death → operation ended p50", value: s(pct(col("totalOpMs"), 50)), unit: "s", target: null, better: "lower" },
    ];
  } catch (e) {
    if (e instanceof StuckRun) throw new Error(`failover benchmark aborted (stuck run, ${RUN_DEADLINE_MS / 1000} s deadline): ${e.message}`);
    throw e;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    http.close();
    await haproxy?.stop().catch(() => undefined);
    for (const b of backends) await b.stop().catch(() => undefined);
    await sim?.stop().catch(() => undefined);
    await db.$disconnect().catch(() => undefined);
    await bdb.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "20" } } });
  runFailoverBench({ runs: Number(values.runs) }).then(
    (rows) => {
      printTable("Automatic failover", rows);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
