// Automatic failover end to end: a simulated PostgreSQL pair (real SSH,
// `tandem-sim` hooks, `tandem-probe` peer probes) behind a real HAProxy,
// watched by the real monitoring service at a 1 s poll interval; the group's
// policy is AUTOMATIC. A dead primary is failed over by "auto" with RTO/RPO
// recorded; a primary only Tandem lost sight of is not; a second DOWN within
// the cooldown is refused.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "./database";
import { ensureHaproxy, getVia, startHaproxy, startHttpBackend, type TestHaproxy, type TestHttpBackend } from "./haproxy";
import { DEFAULT_SIM_PASSWORD, startSimFleet } from "../../agents/sim/sim-fleet";
import type { SimFleet } from "../../agents/sim/sim-types";
import { seedDemoFleet } from "../../server/demo/seed-demo-fleet";
import { createAutoFailover, type AutoFailover } from "../../server/failover/auto-failover";
import { failoverActions } from "../../server/failover/failover-actions";
import { createLogger } from "../../server/lib/logger";
import { createMonitoring, type Monitoring } from "../../server/monitoring/monitoring-service";
import { createOperationsEngine, type OperationsEngine } from "../../server/operations/engine";
import { createHub, type Hub } from "../../server/realtime/hub";

const installed = await ensureHaproxy();
if (!installed) console.warn("auto-failover tests skipped: /usr/sbin/haproxy is missing and `apt-get install -y haproxy` failed");

const BACKEND = "pg";
const net16 = `127.34.${process.pid % 250}`;
const log = createLogger({ level: "error" });

let t: TestDatabase;
let sim: SimFleet;
let haproxy: TestHaproxy;
const backends: Record<string, TestHttpBackend> = {};
let http: Server;
let hub: Hub;
let monitoring: Monitoring;
let engine: OperationsEngine;
let auto: AutoFailover;
let groupId: string;
const serverIds: Record<string, string> = {};

const liveOf = (name: string) => monitoring.snapshot().hosts.find((h) => h.id === serverIds[name]);

async function eventually<T>(check: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function servedBy(n = 6): Promise<Set<string>> {
  const names = new Set<string>();
  for (let i = 0; i < n; i++) names.add(await getVia(haproxy.frontendPort));
  return names;
}

async function roles(): Promise<Record<string, string>> {
  const ms = await t.db.groupMember.findMany({ where: { groupId }, include: { server: { select: { name: true } } } });
  return Object.fromEntries(ms.map((m) => [m.server.name, `${m.role}/${m.adminState}`]));
}

const standbyReady = (name: string) => eventually(() => liveOf(name)?.state === "UP" && liveOf(name)?.lag != null, `${name} UP with a replication lag`);

type Refusal = { kind: string; reasons: string[] };
async function refusals(): Promise<Refusal[]> {
  const rows = await t.db.auditEvent.findMany({ where: { action: "failover.refused", targetId: groupId }, orderBy: { at: "asc" } });
  return rows.map((r) => r.details as Refusal);
}

describe.runIf(installed)("automatic failover against a simulated pair and a real HAProxy", () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    const rt = await installTestRuntime(t.db);
    sim = await startSimFleet({
      hosts: [
        { name: "db-a", address: `${net16}.1`, port: 2400 + Math.floor(Math.random() * 400), services: ["postgresql"], role: "primary", site: "lab" },
        { name: "db-b", address: `${net16}.2`, port: 2400 + Math.floor(Math.random() * 400), services: ["postgresql"], role: "standby", site: "lab" },
      ],
      seed: 12,
    });
    await seedDemoFleet(
      t.db,
      rt.secretBox,
      sim.hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, username: h.username, fingerprint: h.hostKeyFingerprint, site: "lab", services: h.services })),
      DEFAULT_SIM_PASSWORD,
      { intervalMs: 1000 },
    );
    for (const s of await t.db.server.findMany({ select: { id: true, name: true } })) serverIds[s.name] = s.id;

    backends["db-a"] = await startHttpBackend("db-a");
    backends["db-b"] = await startHttpBackend("db-b");
    haproxy = await startHaproxy({
      backends: [{ name: BACKEND, servers: [{ name: "db-a", port: backends["db-a"].port }, { name: "db-b", port: backends["db-b"].port, disabled: true }] }],
    });
    const lb = await t.db.loadBalancer.create({ data: { name: "it-haproxy", kind: "HAPROXY", address: haproxy.statsAddress, backend: BACKEND } });
    const group = await t.db.redundancyGroup.create({
      data: {
        name: "pg-auto",
        mode: "ACTIVE_PASSIVE",
        minHealthy: 1,
        failoverPolicy: "AUTOMATIC",
        cooldownSeconds: 600,
        maxReplicationLagSeconds: 30,
        requireFencing: true,
        hooks: { check: "tandem-sim check", promote: "tandem-sim role primary", demote: "tandem-sim role standby", fence: "tandem-sim fence" },
        loadBalancerId: lb.id,
        members: {
          create: [
            { serverId: serverIds["db-a"]!, role: "PRIMARY", priority: 200, lbBackendServer: "db-a" },
            { serverId: serverIds["db-b"]!, role: "STANDBY", priority: 100, lbBackendServer: "db-b" },
          ],
        },
      },
    });
    groupId = group.id;

    http = createServer();
    hub = createHub(http, rt);
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    monitoring = createMonitoring({ db: t.db, secretBox: rt.secretBox, hub, log, tickMs: 250 });
    await monitoring.start();
    engine = createOperationsEngine({ db: t.db, actions: failoverActions({ db: t.db, secretBox: rt.secretBox, log }), log });
    await engine.start();
    auto = createAutoFailover({ db: t.db, secretBox: rt.secretBox, log, engine, monitoring, brake: { max: 3, windowMs: 10 * 60_000 } });
    auto.start();
    await eventually(() => liveOf("db-a")?.state === "UP", "db-a UP");
    await standbyReady("db-b");
  }, 60_000);

  afterAll(async () => {
    await auto?.stop();
    await engine?.stop();
    await monitoring?.stop();
    await hub?.close();
    await haproxy?.stop();
    for (const b of Object.values(backends)) await b.stop();
    await sim?.stop();
    await t?.drop();
  });

  it("does not fail over when only Tandem lost sight of the primary (its peers still reach it)", async () => {
    await sim.inject("db-a", "cutoff");
    await eventually(() => liveOf("db-a")?.state === "DOWN", "db-a DOWN as Tandem sees it");
    const [refusal] = await eventually(async () => {
      const r = await refusals();
      return r.length ? r : null;
    }, "the refusal");
    expect(refusal).toMatchObject({ kind: "second-opinion", severity: "critical" });
    expect(refusal!.reasons.join("\n")).toMatch(/still reachable from its peers/);
    expect(refusal!.reasons.join("\n")).toMatch(/db-b: reachable/);
    expect(await t.db.operation.count()).toBe(0);
    expect(await roles()).toEqual({ "db-a": "PRIMARY/IN_SERVICE", "db-b": "STANDBY/IN_SERVICE" });
    expect(await servedBy()).toEqual(new Set(["db-a"]));

    await sim.clear("db-a");
    await eventually(() => liveOf("db-a")?.state === "UP", "db-a UP again");
  }, 60_000);

  it("fails a dead primary over on its own: initiator auto, roles moved, traffic on the new primary, RTO/RPO recorded", async () => {
    await standbyReady("db-b");
    await sim.inject("db-a", "down");
    const started = await eventually(() => t.db.operation.findFirst({ where: { groupId, kind: "FAILOVER" } }), "an automatic failover");
    expect(started.initiator).toBe("auto");
    expect(started.reason).toMatch(/automatic failover: db-a confirmed DOWN.*no peer reaches the primary/);
    const op = await eventually(async () => {
      const o = await t.db.operation.findUnique({ where: { id: started.id } });
      return o && !["PLANNED", "RUNNING"].includes(o.state) ? o : null;
    }, "the failover to end");
    expect(op.state, op.outcome ?? "").toBe("SUCCEEDED");
    expect(await servedBy()).toEqual(new Set(["db-b"]));
    expect(sim.host("db-b").role).toBe("primary");
    expect(await roles()).toEqual({ "db-a": "STANDBY/FENCED", "db-b": "PRIMARY/IN_SERVICE" });

    const timings = op.timings as { detectionMs: number; decisionMs: number; cutoverMs: number; rtoFrom: string };
    expect(timings.rtoFrom).toBe("last-good-answer");
    for (const k of ["detectionMs", "decisionMs", "cutoverMs"] as const) expect(timings[k]).toBeGreaterThanOrEqual(0);
    expect(timings.detectionMs).toBeGreaterThan(0); // last good answer, then failed polls until confirmed DOWN
    expect(op.rtoMs).toBeGreaterThanOrEqual(timings.detectionMs + timings.cutoverMs);
    expect(op.rtoMs).toBeLessThan(30_000);
    expect(op.rpoMs).not.toBeNull();
    expect(op.rpoMs).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it("refuses a second automatic failover of the group within its cooldown", async () => {
    await sim.clear("db-a");
    const before = (await refusals()).length;
    const ops = await t.db.operation.count();
    await sim.inject("db-b", "down");
    await eventually(() => liveOf("db-b")?.state === "DOWN", "db-b DOWN");
    const refusal = await eventually(async () => (await refusals())[before], "the cooldown refusal");
    expect(refusal.kind).toBe("cooldown");
    expect(refusal.reasons.join("\n")).toMatch(/db-b is DOWN but pg-auto is in cooldown/);
    expect(await t.db.operation.count()).toBe(ops);
    expect(await roles()).toEqual({ "db-a": "STANDBY/FENCED", "db-b": "PRIMARY/IN_SERVICE" });
  }, 60_000);
});
