// Site disaster recovery on the demo itself (startDemo's simulated fleet over
// real SSH, seeded groups and hypervisors, the monitoring service and the
// operations engine with the site driver, as server/start-leader.ts wires
// them): dependencies and the recovery plan of fra1, a dry run, an evacuation
// stage by stage (pg-fra1 to its DR copy in lon1, then a pool that depends on
// it drained), the return, an abort in the middle that leaves nothing
// half-done, and a site drill.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimFleet } from "../../agents/sim/sim-types";
import type { Actor } from "../../server/auth/principal";
import { systemActor } from "../../server/auth/principal";
import { drillActionsWith } from "../../server/drills/drill-actions";
import { siteDriver } from "../../server/dr/site-driver";
import { getSiteReport } from "../../server/dr/site-report";
import { previewEvacuation, previewReturn, startEvacuation, startReturn, startSiteDrill, type DrDeps } from "../../server/dr/site-operations";
import { getDependencies, resolvePlan, saveRecoveryPlan, setDependencies } from "../../server/dr/recovery-plans";
import { loadDrFleet } from "../../server/dr/dr-fleet";
import { failoverActions } from "../../server/failover/failover-actions";
import { createGroup } from "../../server/groups/create-group";
import { ZCreateGroupRequest } from "../../server/groups/groups.types";
import { getGroup } from "../../server/groups/get-group";
import { liveStatesOf } from "../../server/groups/group-dto";
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
const cleanup: (() => Promise<unknown>)[] = [];
const ids = new Map<string, string>();
const actor: Actor = { userId: null, label: "ops@example.com" };
let fra1: string;

const deps = (): DrDeps => ({ db: t.db, engine, live: liveStatesOf(monitoring) });
const groupId = async (name: string) => (await t.db.redundancyGroup.findUniqueOrThrow({ where: { name }, select: { id: true } })).id;
async function roles(name: string): Promise<Record<string, string>> {
  const ms = await t.db.groupMember.findMany({ where: { group: { name } }, include: { server: { select: { name: true } } } });
  return Object.fromEntries(ms.map((m) => [m.server.name, `${m.role}/${m.adminState}`]));
}
async function ready(name: string) {
  const id = await groupId(name);
  // Every member counts (the primary answering, the standbys reporting their lag), not just enough of them.
  await eventually(async () => {
    const r = (await getGroup(t.db, id, liveStatesOf(monitoring))).redundancy;
    return r.state === "OK" && r.unavailable.length === 0;
  }, `${name} OK with every member`, 60_000);
}
/** The engine as start-leader.ts wires it for site operations; a second one stands for Tandem after a restart. */
function makeEngine(): OperationsEngine {
  return createOperationsEngine({
    db: t.db,
    actions: { ...failoverActions({ db: t.db, secretBox: rt.secretBox, log }), ...drillActionsWith({ db: t.db, secretBox: rt.secretBox, monitoring }) },
    drivers: Object.fromEntries(["EVACUATION", "SITE_RETURN", "SITE_DRILL"].map((k) => [k, siteDriver({ secretBox: rt.secretBox, live: () => liveStatesOf(monitoring), engine: () => engine, pollMs: 100 })])),
    log,
  });
}
const summary = (op: { state: string; outcome: string | null; steps: { action: string; state: string; output: string }[] }) => `${op.state}: ${op.outcome}\n${op.steps.map((s) => `${s.action} ${s.state}: ${s.output}`).join("\n")}`;

describe("site disaster recovery on the demo", () => {
  beforeAll(async () => {
    ({ t, rt, sim, monitoring } = await startDemoFleet(2722, cleanup));
    for (const s of await t.db.server.findMany({ select: { id: true, name: true } })) ids.set(s.name, s.id);
    fra1 = (await t.db.site.findUniqueOrThrow({ where: { name: "fra1" } })).id;
    engine = makeEngine();
    await engine.start();
    cleanup.push(() => engine.stop());
    // A pool across fra1 and lon1 that needs pg-fra1: its fra1 member is drained after the database moved.
    await createGroup(
      t.db,
      systemActor,
      ZCreateGroupRequest.parse({
        name: "app-spread",
        mode: "ACTIVE_ACTIVE",
        minHealthy: 1,
        members: [
          { serverId: ids.get("web-fra1-4"), role: "ACTIVE", lbBackendServer: null },
          { serverId: ids.get("web-lon1-3"), role: "ACTIVE", lbBackendServer: null },
        ],
      }),
    );
    await ready("pg-fra1");
    await ready("app-spread");
  }, 120_000);

  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it("orders fra1's plan by dependencies, refuses a cycle and a plan that breaks the order", async () => {
    const [pg, app, web] = [await groupId("pg-fra1"), await groupId("app-spread"), await groupId("web-fra1")];
    await setDependencies(t.db, actor, app, [pg]);
    await setDependencies(t.db, actor, web, [pg]);
    await expect(setDependencies(t.db, actor, pg, [web])).rejects.toThrow(/cycle: .*pg-fra1 → web-fra1 → pg-fra1|cycle: .*web-fra1 → pg-fra1 → web-fra1/);
    expect((await getDependencies(t.db, pg)).dependedOnBy.map((g) => g.name)).toEqual(["app-spread", "web-fra1"]);

    const fleet = await loadDrFleet(t.db, liveStatesOf(monitoring));
    const derived = (await resolvePlan(t.db, fleet, { id: fra1, name: "fra1" })).view;
    expect(derived.source).toBe("derived");
    expect(derived.stages.map((s) => s.groups.map((g) => g.name))).toEqual([["pg-fra1"], ["app-spread", "web-fra1"]]);

    const site = { id: fra1, name: "fra1" };
    await expect(saveRecoveryPlan(t.db, fleet, actor, site, { stages: [{ name: "all", groupIds: [pg, app, web] }] })).rejects.toThrow(/does not hold together/);
    // A pre hook on the bastion in lon1 (outside the site) before the databases move.
    const bastion = ids.get("bastion-lon1")!;
    await saveRecoveryPlan(t.db, fleet, actor, site, {
      stages: [
        { name: "databases", groupIds: [pg], pre: { serverId: bastion, command: "tandem-sim check", timeoutSeconds: 20 }, post: null },
        { name: "front ends", groupIds: [app, web], pre: null, post: null },
      ],
      parallelism: 2,
    });
    const saved = (await resolvePlan(t.db, await loadDrFleet(t.db, liveStatesOf(monitoring)), site)).view;
    expect(saved).toMatchObject({ source: "saved", parallelism: 2, updatedBy: "ops@example.com" });
    expect(saved.stages[0]).toMatchObject({ name: "databases", pre: { serverName: "bastion-lon1", command: "tandem-sim check" } });
  });

  it("plans the evacuation: pg-fra1 switches over to its DR copy in lon1, app-spread drains, web-fra1 cannot move", async () => {
    const p = await previewEvacuation(deps(), fra1);
    expect(p.ready).toBe(true);
    expect(p.stages.map((s) => s.groups.map((g) => `${g.name}: ${g.summary}`))).toEqual([
      ["pg-fra1: switch over db-fra1-a → db-fra1-dr (lon1)"],
      ["app-spread: drain web-fra1-4; 1 member(s) keep serving elsewhere"],
    ]);
    expect(p.notMoving).toEqual([expect.objectContaining({ name: "web-fra1", why: "every member is in fra1: it cannot move (restore redundancy in another site first)" })]);
  });

  it("dry-runs the evacuation: every group checked by a child dry run, nothing moved", async () => {
    const { done } = await startEvacuation(deps(), actor, fra1, { reason: "rehearsal", dryRun: true });
    const op = await done;
    expect(op.state, summary(op)).toBe("SUCCEEDED");
    const report = await getSiteReport(t.db, op.id);
    expect(report.dryRun).toBe(true);
    expect(report.groups.map((g) => `${g.name} ${g.action} ${g.state}`)).toEqual(["pg-fra1 DRY_RUN SUCCEEDED", "app-spread DRY_RUN SUCCEEDED"]);
    const child = await t.db.operation.findUniqueOrThrow({ where: { id: report.groups[0]!.childOperationId! } });
    expect(child).toMatchObject({ kind: "DRILL", parentId: op.id, state: "SUCCEEDED" });
    expect(await roles("pg-fra1")).toMatchObject({ "db-fra1-a": "PRIMARY/IN_SERVICE", "db-fra1-dr": "STANDBY/IN_SERVICE" });
  }, 60_000);

  it("evacuates fra1 stage by stage (the pool only after its database), then returns", async () => {
    const { operation, done } = await startEvacuation(deps(), actor, fra1, { reason: "fra1 power works", acceptSkipped: false });
    await expect(startEvacuation(deps(), actor, fra1, { reason: "again" })).rejects.toThrow(/already running on this site/);
    const op = await done;
    expect(op.state, summary(op)).toBe("SUCCEEDED");
    expect(op.steps.map((s) => `${s.action} ${s.state}`)).toEqual(["dr.pre SUCCEEDED", "dr.stage SUCCEEDED", "dr.stage SUCCEEDED"]);
    expect(op.steps[0]!.output).toMatch(/pre hook on bastion-lon1: tandem-sim check → exit 0/);
    expect(op.rtoMs).toBeGreaterThan(0);
    expect(sim.host("db-fra1-dr").role).toBe("primary");
    expect(sim.host("db-fra1-a").role).toBe("standby");
    expect(await roles("pg-fra1")).toMatchObject({ "db-fra1-dr": "PRIMARY/IN_SERVICE", "db-fra1-a": "STANDBY/IN_SERVICE" });
    expect(await roles("app-spread")).toEqual({ "web-fra1-4": "ACTIVE/DRAINED", "web-lon1-3": "ACTIVE/IN_SERVICE" });

    const report = await getSiteReport(t.db, operation.id);
    const [pg, app] = [report.groups.find((g) => g.name === "pg-fra1")!, report.groups.find((g) => g.name === "app-spread")!];
    expect(pg).toMatchObject({ action: "SWITCHOVER", state: "SUCCEEDED", from: "db-fra1-a", to: "db-fra1-dr" });
    expect(pg.rtoMs).toBeGreaterThan(0);
    // Dependencies respected: the pool started only once its database had moved.
    expect(Date.parse(app.startedAt!)).toBeGreaterThanOrEqual(Date.parse(pg.endedAt!));
    expect(report.phases[0]).toMatchObject({ phase: "out", groups: 2, succeeded: 2, failed: 0 });
    expect(report.phases[0]!.maxParallel).toBeLessThanOrEqual(2);
    const child = await t.db.operation.findUniqueOrThrow({ where: { id: pg.childOperationId! } });
    expect(child).toMatchObject({ kind: "SWITCHOVER", parentId: operation.id, state: "SUCCEEDED" });

    // The return: what moved comes back, in plan order.
    // db-fra1-a reports its replication lag as a standby at its next poll; then it can take over again.
    const back = await eventually(async () => {
      const p = await previewReturn(deps(), fra1);
      return p.ready ? p : null;
    }, "the return ready", 30_000);
    expect(back.fromOperationId).toBe(operation.id);
    expect(back.stages.flatMap((s) => s.groups.map((g) => `${g.name}: ${g.summary}`))).toEqual(["pg-fra1: switch over db-fra1-dr → db-fra1-a (fra1)", "app-spread: put web-fra1-4 back in rotation"]);
    const ret = await (await startReturn(deps(), actor, fra1, { reason: "fra1 is fine again" })).done;
    expect(ret.state, summary(ret)).toBe("SUCCEEDED");
    expect(sim.host("db-fra1-a").role).toBe("primary");
    expect(await roles("pg-fra1")).toMatchObject({ "db-fra1-a": "PRIMARY/IN_SERVICE", "db-fra1-dr": "STANDBY/IN_SERVICE" });
    expect(await roles("app-spread")).toEqual({ "web-fra1-4": "ACTIVE/IN_SERVICE", "web-lon1-3": "ACTIVE/IN_SERVICE" });
    expect((await getSiteReport(t.db, operation.id)).related).toEqual([{ id: ret.id, kind: "SITE_RETURN", state: "SUCCEEDED" }]);
  }, 120_000);

  it("an abort in the middle of a group's switchover rolls that group back and starts nothing else: nothing half-done", async () => {
    await ready("pg-fra1");
    // The DR copy answers slowly: the switchover is still in its promote step when the abort comes.
    await sim.inject("db-fra1-dr", "slow", { delayMs: 1500 });
    try {
      const { operation, done } = await startEvacuation(deps(), actor, fra1, { reason: "abort me" });
      const child = await eventually(async () => (await t.db.siteOperationGroup.findFirst({ where: { operationId: operation.id, childOperationId: { not: null } } }))?.childOperationId ?? null, "the group's switchover", 30_000);
      await eventually(async () => (await t.db.operationStep.count({ where: { operationId: child, state: { in: ["SUCCEEDED", "RUNNING"] }, index: { gte: 1 } } })) > 0, "the switchover under way", 30_000);
      await engine.abort(operation.id, actor, "changed my mind");
      const op = await done;
      expect(op.state, summary(op)).toBe("ABORTED");
      const childOp = await t.db.operation.findUniqueOrThrow({ where: { id: child } });
      expect(["ROLLED_BACK", "ABORTED"]).toContain(childOp.state);
      const report = await getSiteReport(t.db, operation.id);
      expect(report.groups.map((g) => `${g.name} ${g.state}`)).toEqual(["pg-fra1 SKIPPED", "app-spread SKIPPED"]);
      expect(report.groups[1]!.detail).toBe("not started: the operation was aborted");
    } finally {
      await sim.clear("db-fra1-dr");
    }
    expect(sim.host("db-fra1-a").role).toBe("primary");
    expect(sim.host("db-fra1-dr").role).toBe("standby");
    expect(await roles("pg-fra1")).toMatchObject({ "db-fra1-a": "PRIMARY/IN_SERVICE", "db-fra1-dr": "STANDBY/IN_SERVICE" });
    expect(await roles("app-spread")).toEqual({ "web-fra1-4": "ACTIVE/IN_SERVICE", "web-lon1-3": "ACTIVE/IN_SERVICE" });
  }, 120_000);

  it("an evacuation interrupted by a restart is taken over by the next engine and finishes, its group's switchover too", async () => {
    await ready("pg-fra1");
    await sim.inject("db-fra1-dr", "slow", { delayMs: 800 });
    let opId: string;
    try {
      const { operation } = await startEvacuation(deps(), actor, fra1, { reason: "restart in the middle" });
      opId = operation.id;
      await eventually(async () => (await t.db.siteOperationGroup.findFirst({ where: { operationId: opId, childOperationId: { not: null } } }))?.childOperationId ?? null, "the group's switchover", 30_000);
      // Tandem stops: steps in flight finish and record themselves, both operations stay RUNNING.
      await engine.stop();
      expect((await t.db.operation.findUniqueOrThrow({ where: { id: opId } })).state).toBe("RUNNING");
    } finally {
      await sim.clear("db-fra1-dr");
    }
    engine = makeEngine();
    const recovered = await engine.start();
    expect(recovered.map((r) => r.operationId)).toContain(opId!);
    const op = await recovered.find((r) => r.operationId === opId)!.done;
    expect(op.state, summary(op)).toBe("SUCCEEDED");
    expect(await roles("pg-fra1")).toMatchObject({ "db-fra1-dr": "PRIMARY/IN_SERVICE", "db-fra1-a": "STANDBY/IN_SERVICE" });
    expect(await t.db.auditEvent.count({ where: { action: "operation.recover", targetId: opId! } })).toBe(1);
    await eventually(async () => ((await previewReturn(deps(), fra1)).ready ? true : null), "the return ready", 30_000);
    expect((await (await startReturn(deps(), actor, fra1, { reason: "back after the restart test" })).done).state).toBe("SUCCEEDED");
  }, 120_000);

  it("drills the site: evacuate, hold, return, with a PASS verdict and RTO per group and in total", async () => {
    await ready("pg-fra1");
    const op = await (await startSiteDrill(deps(), actor, fra1, { reason: "quarterly", holdSeconds: 1 })).done;
    expect(op.state, summary(op)).toBe("SUCCEEDED");
    expect(op.steps.map((s) => s.action)).toEqual(["dr.pre", "dr.stage", "dr.stage", "dr.hold", "dr.pre", "dr.stage", "dr.stage"]);
    const report = await getSiteReport(t.db, op.id);
    expect(report.verdict).toBe("PASS");
    expect(report.phases.map((p) => `${p.phase} ${p.succeeded}/${p.groups}`)).toEqual(["out 2/2", "back 2/2"]);
    expect(report.phases.every((p) => p.totalMs! > 0 && p.p50Ms !== null)).toBe(true);
    expect(sim.host("db-fra1-a").role).toBe("primary");
    expect(await roles("pg-fra1")).toMatchObject({ "db-fra1-a": "PRIMARY/IN_SERVICE", "db-fra1-dr": "STANDBY/IN_SERVICE" });
    expect(await roles("app-spread")).toEqual({ "web-fra1-4": "ACTIVE/IN_SERVICE", "web-lon1-3": "ACTIVE/IN_SERVICE" });
  }, 120_000);
});
