// Manual switchover and failover end to end below the UI: a simulated
// PostgreSQL pair (real SSH, `tandem-sim` runbook hooks) behind a real HAProxy,
// watched by the real monitoring service, switched by the operations engine.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "./database";
import { seedUser } from "./users";
import { ensureHaproxy, getVia, startHaproxy, startHttpBackend, type TestHaproxy, type TestHttpBackend } from "./haproxy";
import { DEFAULT_SIM_PASSWORD, startSimFleet } from "../../agents/sim/sim-fleet";
import type { SimFleet } from "../../agents/sim/sim-types";
import type { Actor } from "../../server/auth/principal";
import { seedDemoFleet } from "../../server/demo/seed-demo-fleet";
import { isAppError } from "../../server/errors/app-error";
import type { SecretBox } from "../../server/crypto/secret-box";
import { runHook } from "../../server/failover/run-hook";
import { failoverActions } from "../../server/failover/failover-actions";
import { startFailover } from "../../server/failover/start-failover";
import { startSwitchover } from "../../server/failover/start-switchover";
import { liveStatesOf } from "../../server/groups/group-dto";
import { createLogger } from "../../server/lib/logger";
import { createMonitoring, type Monitoring } from "../../server/monitoring/monitoring-service";
import { createOperationsEngine, type OperationsEngine } from "../../server/operations/engine";
import { createHub, type Hub } from "../../server/realtime/hub";

const installed = await ensureHaproxy();
if (!installed) console.warn("switchover tests skipped: /usr/sbin/haproxy is missing and `apt-get install -y haproxy` failed");

const BACKEND = "pg";
const net16 = `127.33.${process.pid % 250}`;
const log = createLogger({ level: "error" });

let t: TestDatabase;
let sim: SimFleet;
let haproxy: TestHaproxy;
const backends: Record<string, TestHttpBackend> = {};
let http: Server;
let hub: Hub;
let monitoring: Monitoring;
let engine: OperationsEngine;
let actor: Actor;
let groupId: string;
let secretBox: SecretBox;
const serverIds: Record<string, string> = {};

const deps = () => ({ db: t.db, engine, live: liveStatesOf(monitoring.snapshot()) });
const liveOf = (name: string) => monitoring.snapshot().hosts.find((h) => h.id === serverIds[name]);

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
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

/** A standby qualifies only with a reported lag: wait until monitoring has one for it. */
const standbyReady = (name: string) => eventually(() => liveOf(name)?.state === "UP" && liveOf(name)?.lag != null, `${name} UP with a replication lag`);

async function conflict(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isAppError(e) && e.code).toBe("CONFLICT");
  return (e as Error).message;
}

describe.runIf(installed)("manual switchover and failover against a simulated pair and a real HAProxy", () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    const rt = await installTestRuntime(t.db);
    secretBox = rt.secretBox;
    sim = await startSimFleet({
      hosts: [
        { name: "db-a", address: `${net16}.1`, port: 2400 + Math.floor(Math.random() * 400), services: ["postgresql"], role: "primary", site: "lab" },
        { name: "db-b", address: `${net16}.2`, port: 2400 + Math.floor(Math.random() * 400), services: ["postgresql"], role: "standby", site: "lab" },
      ],
      seed: 11,
    });
    await seedDemoFleet(
      t.db,
      rt.secretBox,
      sim.hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, username: h.username, fingerprint: h.hostKeyFingerprint, site: "lab", services: h.services })),
      DEFAULT_SIM_PASSWORD,
      { intervalMs: 500 },
    );
    for (const s of await t.db.server.findMany({ select: { id: true, name: true } })) serverIds[s.name] = s.id;

    // The pair's service: the primary's backend in rotation, the standby's in maintenance.
    backends["db-a"] = await startHttpBackend("db-a");
    backends["db-b"] = await startHttpBackend("db-b");
    haproxy = await startHaproxy({
      backends: [{ name: BACKEND, servers: [{ name: "db-a", port: backends["db-a"].port }, { name: "db-b", port: backends["db-b"].port, disabled: true }] }],
    });
    const lb = await t.db.loadBalancer.create({ data: { name: "it-haproxy", kind: "HAPROXY", address: haproxy.statsAddress, backend: BACKEND } });
    const group = await t.db.redundancyGroup.create({
      data: {
        name: "pg-it",
        mode: "ACTIVE_PASSIVE",
        minHealthy: 1,
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
    const op = await seedUser(t.db, "OPERATOR");
    actor = { userId: op.user.id, label: op.user.email };

    http = createServer();
    hub = createHub(http, rt);
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    monitoring = createMonitoring({ db: t.db, secretBox: rt.secretBox, hub, log, tickMs: 250 });
    await monitoring.start();
    engine = createOperationsEngine({ db: t.db, actions: failoverActions({ db: t.db, secretBox: rt.secretBox, log }), log });
    await engine.start();
    await eventually(() => liveOf("db-a")?.state === "UP", "db-a UP");
    await standbyReady("db-b");
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await monitoring?.stop();
    await hub?.close();
    await haproxy?.stop();
    for (const b of Object.values(backends)) await b.stop();
    await sim?.stop();
    await t?.drop();
  });

  it("switches over: every step recorded, traffic on the new primary, roles swapped in the database and on the hosts", async () => {
    expect(await servedBy()).toEqual(new Set(["db-a"]));
    const { operation, done } = await startSwitchover(deps(), actor, groupId, { reason: "planned maintenance on db-a", ticketRef: "CHG-42" });
    expect(operation).toMatchObject({ kind: "SWITCHOVER", state: "RUNNING", initiator: actor.label, reason: "planned maintenance on db-a", ticketRef: "CHG-42" });
    const final = await done;
    expect(final.state, final.outcome ?? "").toBe("SUCCEEDED");
    expect(final.steps.map((s) => s.action)).toEqual(["hook", "lb-drain", "hook", "hook", "lb-disable", "lb-enable", "verify", "set-roles"]);
    for (const s of final.steps) {
      expect(s.state).toBe("SUCCEEDED");
      expect(Date.parse(s.endedAt!)).toBeGreaterThanOrEqual(Date.parse(s.startedAt!));
    }
    expect(final.steps[2]!.output).toMatch(/db-a is now standby/);
    expect(final.steps[3]!.output).toMatch(/db-b is now primary/);

    expect(await servedBy()).toEqual(new Set(["db-b"]));
    expect(await roles()).toEqual({ "db-a": "STANDBY/IN_SERVICE", "db-b": "PRIMARY/IN_SERVICE" });
    expect(sim.host("db-a").role).toBe("standby");
    expect(sim.host("db-b").role).toBe("primary");
    const audit = await t.db.auditEvent.findMany({ where: { targetId: final.id }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["operation.create", "operation.start", "operation.succeeded"]));
  }, 60_000);

  it("refuses a second switchover on the group while one runs (409), then switches back", async () => {
    await standbyReady("db-a");
    const first = await startSwitchover(deps(), actor, groupId, { reason: "switch back" });
    expect(await conflict(startSwitchover(deps(), actor, groupId, { reason: "double click" }))).toMatch(/already running/);
    const final = await first.done;
    expect(final.state, final.outcome ?? "").toBe("SUCCEEDED");
    expect(await servedBy()).toEqual(new Set(["db-a"]));
    expect(await roles()).toEqual({ "db-a": "PRIMARY/IN_SERVICE", "db-b": "STANDBY/IN_SERVICE" });
  }, 60_000);

  it("fails over a dead primary: fenced (by LB isolation, its hook cannot reach it), candidate promoted, traffic moved", async () => {
    await standbyReady("db-b");
    await sim.inject("db-a", "down");
    const { done } = await startFailover(deps(), actor, groupId, { reason: "db-a is down" });
    const final = await done;
    expect(final.state, final.outcome ?? "").toBe("SUCCEEDED");
    expect(final.steps.map((s) => s.action)).toEqual(["fence", "hook", "lb-disable", "lb-enable", "verify", "set-roles"]);
    expect(final.steps[0]!.output).toMatch(/fence hook failed[\s\S]*fenced by isolation/);
    expect(await servedBy()).toEqual(new Set(["db-b"]));
    expect(sim.host("db-b").role).toBe("primary");
    expect(await roles()).toEqual({ "db-a": "STANDBY/FENCED", "db-b": "PRIMARY/IN_SERVICE" });
  }, 60_000);

  it("promotes nobody when no standby qualifies, and says why for each (409)", async () => {
    await sim.clear("db-a");
    await t.db.groupMember.updateMany({ where: { groupId, serverId: serverIds["db-a"] }, data: { adminState: "IN_SERVICE" } });
    await sim.inject("db-a", "replication-lag", { seconds: 120 });
    await eventually(() => liveOf("db-a")?.lag === 120, "db-a reporting 120 s of lag");
    const before = await t.db.operation.count();
    const message = await conflict(startSwitchover(deps(), actor, groupId, { reason: "should not run" }));
    expect(message).toMatch(/No standby qualifies/);
    expect(message).toMatch(/db-a: .*replication lag 120s > 30s/);
    expect(await t.db.operation.count()).toBe(before);
    expect(await roles()).toEqual({ "db-a": "STANDBY/IN_SERVICE", "db-b": "PRIMARY/IN_SERVICE" });
  }, 60_000);

  it("stops before promoting when fencing is required and fails (no hook reaches it, no balancer to isolate it at)", async () => {
    // The old primary, rebuilt as a standby (what an admin does after a failover).
    await sim.clear("db-a");
    await eventually(() => liveOf("db-a")?.state !== "DOWN", "db-a back");
    const rebuilt = await runHook({ db: t.db, secretBox }, { serverId: serverIds["db-a"]!, hook: "tandem-sim role standby", env: { TANDEM_GROUP: "pg-it" }, timeoutMs: 5000 });
    expect(rebuilt.output).toMatch(/db-a is now standby/);
    await standbyReady("db-a");
    await t.db.redundancyGroup.update({ where: { id: groupId }, data: { loadBalancerId: null } });
    await sim.inject("db-b", "down");
    const { done } = await startFailover(deps(), actor, groupId, { reason: "db-b is down" });
    const final = await done;
    expect(final.state).toBe("FAILED");
    expect(final.steps[0]).toMatchObject({ action: "fence", state: "FAILED" });
    expect(final.steps[0]!.output).toMatch(/fencing is required and failed/);
    expect(final.steps.slice(1).every((s) => s.state === "PENDING")).toBe(true);
    expect(sim.host("db-a").role).toBe("standby");
    expect(await roles()).toEqual({ "db-a": "STANDBY/IN_SERVICE", "db-b": "PRIMARY/IN_SERVICE" });
  }, 60_000);
});
