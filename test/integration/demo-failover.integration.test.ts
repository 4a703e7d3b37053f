// The demo's two stories, on the demo itself: startDemo (the simulated fleet,
// its hypervisors, lb hosts and seeded groups, exactly as `npm start` makes
// them) watched by the monitoring service, operations engine, automatic
// failover and the fenced-member guard as server/start.ts wires them.
//   1. "down" on db-ams1-a: no balancer, so it is powered off by hv-ams1 (a fence
//      device run over SSH on the hypervisor, confirmed), and db-ams1-b takes over.
//   2. "service-stopped" (postgresql) on db-lon1-a: the host answers, so its
//      soft fence hook is enough, and db-lon1-b takes over.
// Then the powered-off old primary comes back claiming to be primary (two
// primaries), and an operator's rejoin makes it a standby again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimFleet } from "../../agents/sim/sim-types";
import { systemActor } from "../../server/auth/principal";
import { createAutoFailover, type AutoFailover } from "../../server/failover/auto-failover";
import { failoverActions } from "../../server/failover/failover-actions";
import { createFencedWatch, type FencedWatch, type RoleClaim } from "../../server/failover/fenced-watch";
import { startRejoin } from "../../server/failover/start-switch";
import { liveStatesOf } from "../../server/groups/group-dto";
import { getGroup } from "../../server/groups/get-group";
import type { Monitoring } from "../../server/monitoring/monitoring-service";
import { createOperationsEngine, type OperationsEngine } from "../../server/operations/engine";
import type { TestDatabase, TestRuntime } from "./database";
import { startDemoFleet } from "./demo-fleet";
import { eventually, log } from "./failover-pair";

let t: TestDatabase;
let rt: TestRuntime;
let sim: SimFleet;
let monitoring: Monitoring;
let engine: OperationsEngine;
let auto: AutoFailover;
let watch: FencedWatch;
const claims: RoleClaim[] = [];
const cleanup: (() => Promise<unknown>)[] = [];

async function groupId(name: string): Promise<string> {
  return (await t.db.redundancyGroup.findUniqueOrThrow({ where: { name }, select: { id: true } })).id;
}
async function roles(name: string): Promise<Record<string, string>> {
  const ms = await t.db.groupMember.findMany({ where: { group: { name } }, include: { server: { select: { name: true } } } });
  return Object.fromEntries(ms.map((m) => [m.server.name, `${m.role}/${m.adminState}`]));
}
async function autoFailoverOf(group: string) {
  const id = await groupId(group);
  return eventually(async () => {
    const o = await t.db.operation.findFirst({ where: { groupId: id, kind: "FAILOVER", initiator: "auto" }, include: { steps: { orderBy: { index: "asc" } } } });
    return o && !["PLANNED", "RUNNING"].includes(o.state) ? o : null;
  }, `the automatic failover of ${group}`, 60_000);
}

describe("the demo fails over by itself", () => {
  beforeAll(async () => {
    ({ t, rt, sim, monitoring } = await startDemoFleet(2522, cleanup));
    for (const s of await t.db.server.findMany({ select: { id: true, name: true } })) ids.set(s.name, s.id);
    engine = createOperationsEngine({ db: t.db, actions: failoverActions({ db: t.db, secretBox: rt.secretBox, log }), log });
    await engine.start();
    cleanup.push(() => engine.stop());
    auto = createAutoFailover({ db: t.db, secretBox: rt.secretBox, log, engine, monitoring, brake: { max: 5, windowMs: 10 * 60_000 } });
    auto.start();
    cleanup.push(() => auto.stop());
    watch = createFencedWatch({ db: t.db, secretBox: rt.secretBox, log, health: monitoring.engine, onClaim: (c) => claims.push(c), everyMs: 600_000 });
    // Both pairs OK: every member answers and the standbys report their lag.
    for (const g of ["pg-ams1", "pg-lon1"]) {
      const id = await groupId(g);
      await eventually(async () => (await getGroup(t.db, id, liveStatesOf(monitoring))).redundancy.state === "OK", `${g} OK`, 60_000);
    }
  }, 120_000);

  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it("seeds each site's hypervisor as the fence device of its hosts and each lb host as its web pool's COMMAND balancer", async () => {
    const devices = await t.db.fenceDevice.findMany({ include: { fencingServer: { select: { name: true } }, targets: { include: { server: { select: { name: true } } } } }, orderBy: { name: "asc" } });
    expect(devices.map((d) => `${d.name} on ${d.fencingServer.name}`)).toEqual(["hv-ams1 on hv-ams1", "hv-fra1 on hv-fra1", "hv-lon1 on hv-lon1"]);
    expect(devices[0]!.targets.map((x) => x.server.name)).toContain("db-ams1-a");
    const web = await t.db.redundancyGroup.findUniqueOrThrow({ where: { name: "web-ams1" }, include: { loadBalancer: true } });
    expect(web.loadBalancer).toMatchObject({ name: "lb-ams1", kind: "COMMAND", backend: "web-ams1" });
    const pg = await t.db.redundancyGroup.findUniqueOrThrow({ where: { name: "pg-ams1" } });
    expect(pg).toMatchObject({ failoverPolicy: "AUTOMATIC", criticalServices: [{ name: "postgresql", port: 5432 }] });
  });

  it("story 1: a dead database host is powered off by its hypervisor and the standby takes over", async () => {
    await sim.inject("db-ams1-a", "down");
    const op = await autoFailoverOf("pg-ams1");
    expect(op.state, `${op.outcome}\n${op.steps.map((s) => `${s.action}: ${s.output}`).join("\n")}`).toBe("SUCCEEDED");
    const fence = op.steps[0]!;
    expect(fence.output).toMatch(/level 1 \(hook\): skipped: db-ams1-a does not answer/);
    expect(fence.output).toMatch(/fenced at level 2 \(device\): db-ams1-a powered off by hv-ams1 \(confirmed: "shut off"\)/);
    expect(sim.host("db-ams1-a")).toMatchObject({ power: "off", poweredOffBy: "hv-ams1" });
    expect(sim.host("db-ams1-b").role).toBe("primary");
    expect(await roles("pg-ams1")).toEqual({ "db-ams1-a": "STANDBY/FENCED", "db-ams1-b": "PRIMARY/IN_SERVICE" });
  }, 90_000);

  it("story 2: a crashed postgresql on a live host is failed over, the host fenced by its hook", async () => {
    await sim.inject("db-lon1-a", "service-stopped", { service: "postgresql" });
    const op = await autoFailoverOf("pg-lon1");
    expect(op.state, `${op.outcome}\n${op.steps.map((s) => `${s.action}: ${s.output}`).join("\n")}`).toBe("SUCCEEDED");
    expect(op.reason).toMatch(/postgresql on db-lon1-a is down .*the host answers.*second opinion: no peer reaches the primary/);
    expect(op.steps[0]!.output).toMatch(/fenced at level 1 \(hook\)/);
    expect(await roles("pg-lon1")).toEqual({ "db-lon1-a": "STANDBY/FENCED", "db-lon1-b": "PRIMARY/IN_SERVICE" });
  }, 90_000);

  it("a powered-on old primary that claims the role is two primaries, until an operator rejoins it as a standby", async () => {
    await sim.power("db-ams1-a", "on");
    await eventually(() => monitoring.engine.hosts.get(idOf("db-ams1-a"))?.state === "UP", "db-ams1-a answering again", 60_000);
    const raised = await watch.check();
    expect(raised).toContainEqual(expect.objectContaining({ serverName: "db-ams1-a", active: true, primaryName: "db-ams1-b" }));

    const id = await groupId("pg-ams1");
    const { done } = await startRejoin({ db: t.db, engine, live: liveStatesOf(monitoring) }, systemActor, id, idOf("db-ams1-a"), {});
    const op = await done;
    expect(op.state, op.outcome ?? "").toBe("SUCCEEDED");
    expect(op.kind).toBe("REJOIN");
    expect(op.steps.map((s) => s.action)).toEqual(["hook", "expect-role", "set-member"]);
    expect(sim.host("db-ams1-a").role).toBe("standby");
    expect(await roles("pg-ams1")).toEqual({ "db-ams1-a": "STANDBY/IN_SERVICE", "db-ams1-b": "PRIMARY/IN_SERVICE" });
    expect(await watch.check()).toContainEqual(expect.objectContaining({ serverName: "db-ams1-a", active: false }));
    // And the pair is OK again once the rejoined standby reports its lag.
    await eventually(async () => (await getGroup(t.db, id, liveStatesOf(monitoring))).redundancy.state === "OK", "pg-ams1 OK again", 60_000);
  }, 120_000);
});

const ids = new Map<string, string>();
function idOf(name: string): string {
  const id = ids.get(name);
  if (!id) throw new Error(`no server ${name}`);
  return id;
}
