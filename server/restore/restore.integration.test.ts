// Restoring redundancy on the demo itself (startDemo's simulated fleet, seeded
// groups and hypervisors, real SSH, the real engine and monitoring): pg-ams1
// loses its standby, an operator asks for a restore, hv-ams1 provisions a new
// host, it joins, and the group is OK again with three members. A provision
// hook that prints garbage fails and leaves the inventory as it was; the
// automatic restore does the same once a group has been short long enough; a
// join hook that fails leaves the new server disabled, out of the group.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimFleet } from "../../agents/sim/sim-types";
import { startDemoFleet } from "../../test/integration/demo-fleet";
import type { TestDatabase, TestRuntime } from "../../test/integration/database";
import { eventually, log } from "../../test/integration/failover-pair";
import { callRoute, type RouteHandler } from "../../test/integration/http";
import { seedUser } from "../../test/integration/users";
import * as restoreRoute from "../../app/api/v1/groups/[id]/restore/route";
import { failoverActions } from "../failover/failover-actions";
import { getGroup } from "../groups/get-group";
import { liveStatesOf } from "../groups/group-dto";
import type { Monitoring } from "../monitoring/monitoring-service";
import { createOperationsEngine, type OperationsEngine } from "../operations/engine";
import { createAutoRestore } from "./auto-restore";
import { restoreActions } from "./restore-actions";
import { startRestore } from "./start-restore";
import { systemActor } from "../auth/principal";

let t: TestDatabase;
let rt: TestRuntime;
let sim: SimFleet;
let monitoring: Monitoring;
let engine: OperationsEngine;
let operator: { session: string; user: { email: string } };
const cleanup: (() => Promise<unknown>)[] = [];

const groupId = async (name: string) => (await t.db.redundancyGroup.findUniqueOrThrow({ where: { name }, select: { id: true } })).id;
const group = async (name: string) => getGroup(t.db, await groupId(name), liveStatesOf(monitoring));
const restore = async (name: string, body: Record<string, unknown> = {}) => {
  const id = await groupId(name);
  return callRoute(restoreRoute.POST as RouteHandler, "POST", `/api/v1/groups/${id}/restore`, { session: operator.session, body }, { id });
};
const ended = (id: string) =>
  eventually(async () => {
    const o = await t.db.operation.findUnique({ where: { id }, include: { steps: { orderBy: { index: "asc" } } } });
    return o && !["PLANNED", "RUNNING", "PAUSED"].includes(o.state) ? o : null;
  }, "the restore to end", 120_000);
const explain = (o: { outcome: string | null; steps: { action: string; state: string; output: string }[] }) => `${o.outcome}\n${o.steps.map((s) => `${s.action} ${s.state}: ${s.output}`).join("\n")}`;
async function roles(name: string): Promise<Record<string, string>> {
  const ms = await t.db.groupMember.findMany({ where: { group: { name } }, include: { server: { select: { name: true } } } });
  return Object.fromEntries(ms.map((m) => [m.server.name, `${m.role}/${m.adminState}`]));
}
async function loseStandby(groupName: string, standby: string) {
  await sim.power(standby, "off");
  await eventually(async () => (await group(groupName)).redundancy.state === "AT_RISK", `${groupName} AT_RISK`, 60_000);
}

describe("restoring a demo group's redundancy", () => {
  beforeAll(async () => {
    ({ t, rt, sim, monitoring } = await startDemoFleet(2742, cleanup));
    engine = createOperationsEngine({ db: t.db, actions: { ...failoverActions({ db: t.db, secretBox: rt.secretBox, log }), ...restoreActions({ db: t.db, secretBox: rt.secretBox, log, monitoring }) }, log });
    await engine.start();
    cleanup.push(() => engine.stop());
    rt.services.operations = engine;
    rt.services.monitoring = monitoring;
    operator = await seedUser(t.db, "OPERATOR");
    for (const g of ["pg-ams1", "pg-lon1", "pg-fra1"]) await eventually(async () => (await group(g)).redundancy.state === "OK", `${g} OK`, 90_000);
  }, 150_000);

  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it("pg-ams1 loses db-ams1-b; a restore provisions a host through hv-ams1, it joins, and the group is OK with three members", async () => {
    await loseStandby("pg-ams1", "db-ams1-b");
    expect((await group("pg-ams1")).restore).toMatchObject({ provision: { command: "tandem-sim provision" }, join: { command: "tandem-sim role standby" }, afterMinutes: null });

    const r = await restore("pg-ams1", { reason: "db-ams1-b's disk died", ticketRef: "INC-17" });
    expect(r.status, r.raw).toBe(202);
    expect(r.body).toMatchObject({ kind: "RESTORE", state: "RUNNING", reason: "restore redundancy lost with db-ams1-b (new server in ams1): db-ams1-b's disk died", ticketRef: "INC-17" });
    // One operation at a time on a group.
    const again = await restore("pg-ams1");
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already running/);

    const op = await ended(r.body.id);
    expect(op.state, explain(op)).toBe("SUCCEEDED");
    expect(op.steps.map((s) => s.action)).toEqual(["restore-provision", "restore-register", "restore-await-healthy", "restore-join", "restore-add-member", "restore-verify"]);
    expect(op.steps[0]!.output).toMatch(/Domain 'pg-ams1-r1' cloned from db-ams1-b and started/);
    expect(op.steps.at(-1)!.output).toBe("pg-ams1 is OK (2 in service, 1 needed)");

    // The simulator has the new host, in ams1, a standby.
    const host = sim.host("pg-ams1-r1");
    expect(host).toMatchObject({ address: "127.21.2.10", site: "ams1", group: "pg-ams1", role: "standby", power: "on" });
    // The inventory has it, registered like the member it replaces, its key pinned as the hook printed it.
    const server = await t.db.server.findUniqueOrThrow({ where: { name: "pg-ams1-r1" }, include: { site: true, credential: true, fenceTargets: { include: { device: true } } } });
    expect(server).toMatchObject({ address: "127.21.2.10", port: host.port, enabled: true, hostKeyFingerprint: host.originalHostKeyFingerprint, services: ["postgresql", "pgbouncer"], tags: ["demo", "standby"] });
    expect(server.site?.name).toBe("ams1");
    expect(server.credential?.name).toBe("demo-fleet");
    // hv-ams1 can fence it like the others.
    expect(server.fenceTargets.map((f) => `${f.device.name}:${f.plug}`)).toEqual(["hv-ams1:pg-ams1-r1"]);

    const g = await group("pg-ams1");
    expect(g.redundancy.state).toBe("OK");
    expect(g.members).toHaveLength(3);
    expect(await roles("pg-ams1")).toEqual({ "db-ams1-a": "PRIMARY/IN_SERVICE", "db-ams1-b": "STANDBY/IN_SERVICE", "pg-ams1-r1": "STANDBY/IN_SERVICE" });
    expect(g.members.find((m) => m.name === "pg-ams1-r1")!.priority).toBeLessThan(g.members.find((m) => m.name === "db-ams1-b")!.priority);

    // Audited: who asked, and what the restore registered.
    const audit = await t.db.auditEvent.findMany({ where: { OR: [{ targetId: op.id }, { targetId: server.id }] }, orderBy: { at: "asc" } });
    expect(audit.find((a) => a.action === "operation.create")).toMatchObject({ actorLabel: operator.user.email });
    expect(audit.find((a) => a.action === "server.create")).toMatchObject({ actorLabel: "restore" });
    expect(audit.filter((a) => a.action === "operation.step_succeeded")).toHaveLength(6);

    // Now OK: another restore is refused unless forced.
    const ok = await restore("pg-ams1");
    expect(ok.status).toBe(409);
    expect(ok.body.detail).toMatch(/pg-ams1 is OK .*nothing to restore/);
  }, 150_000);

  it("a provision hook that prints garbage fails the restore and leaves the inventory as it was", async () => {
    await loseStandby("pg-lon1", "db-lon1-b");
    const id = await groupId("pg-lon1");
    const before = await t.db.redundancyGroup.findUniqueOrThrow({ where: { id } });
    const setting = before.restore as { provision: Record<string, unknown> };
    // `tandem-sim check` on a hypervisor answers "hv-lon1 ok (hypervisor)": not the JSON line a provision hook owes.
    await t.db.redundancyGroup.update({ where: { id }, data: { restore: { ...setting, provision: { ...setting.provision, command: "tandem-sim check" } } } });
    const servers = await t.db.server.count();
    const hosts = sim.stats().hosts;
    try {
      const r = await restore("pg-lon1");
      expect(r.status, r.raw).toBe(202);
      const op = await ended(r.body.id);
      expect(op.state, explain(op)).toBe("FAILED");
      expect(op.outcome).toMatch(/^step 0 \(restore-provision\) failed: the provision hook's last line is not JSON: "hv-lon1 ok \(hypervisor\)"; expected one JSON object/);
      expect(op.steps.slice(1).every((s) => s.state === "PENDING")).toBe(true);
      expect(await t.db.server.count()).toBe(servers);
      expect(sim.stats().hosts).toBe(hosts);
      expect(await roles("pg-lon1")).toEqual({ "db-lon1-a": "PRIMARY/IN_SERVICE", "db-lon1-b": "STANDBY/IN_SERVICE" });
    } finally {
      await t.db.redundancyGroup.update({ where: { id }, data: { restore: setting as object } });
    }
  }, 120_000);

  it("the automatic restore starts one, as auto, once a group has been short for longer than its afterMinutes", async () => {
    // pg-lon1 is still without db-lon1-b (the previous test), now with its working provision hook.
    const id = await groupId("pg-lon1");
    const setting = (await t.db.redundancyGroup.findUniqueOrThrow({ where: { id } })).restore as object;
    await t.db.redundancyGroup.update({ where: { id }, data: { restore: { ...setting, afterMinutes: 1 } } });
    let now = Date.now();
    const auto = createAutoRestore({ db: t.db, log, engine, monitoring, clock: () => new Date(now) });
    expect(await auto.check()).toEqual([]); // short, seen just now
    now += 61_000;
    const [d, ...more] = await auto.check();
    expect(more).toEqual([]);
    expect(d).toMatchObject({ name: "pg-lon1", verdict: { start: true, why: "AT_RISK for 1 min (restore after 1)" }, operationId: expect.any(String) });
    const op = await ended(d!.operationId!);
    expect(op.state, explain(op)).toBe("SUCCEEDED");
    expect(op).toMatchObject({ kind: "RESTORE", initiator: "auto", reason: "restore redundancy lost with db-lon1-b (new server in lon1): automatic: AT_RISK for 1 min (restore after 1)" });
    expect(await t.db.auditEvent.findFirst({ where: { action: "operation.create", targetId: op.id } })).toMatchObject({ actorLabel: "auto" });
    expect(Object.keys(await roles("pg-lon1")).sort()).toEqual(["db-lon1-a", "db-lon1-b", "pg-lon1-r1"]);
    await eventually(async () => (await group("pg-lon1")).redundancy.state === "OK", "pg-lon1 OK", 30_000);
    now += 61_000;
    expect(await auto.check()).toEqual([]);
  }, 120_000);

  it("a join hook that fails leaves the new server disabled, out of the group (the machine may still exist)", async () => {
    const id = await groupId("pg-fra1");
    const before = await t.db.redundancyGroup.findUniqueOrThrow({ where: { id } });
    const setting = before.restore as { join: Record<string, unknown> };
    await t.db.redundancyGroup.update({ where: { id }, data: { restore: { ...setting, join: { ...setting.join, command: "tandem-sim role leader" } } } });
    try {
      // OK already: only with force.
      const r = await restore("pg-fra1", { force: true });
      expect(r.status, r.raw).toBe(202);
      const op = await ended(r.body.id);
      expect(op.state, explain(op)).toBe("ROLLED_BACK");
      expect(op.steps.find((s) => s.action === "restore-join")).toMatchObject({ state: "FAILED", output: expect.stringMatching(/join hook on pg-fra1-r1 exited 2.*role must be primary or standby/s) });
      expect(op.steps.find((s) => s.action === "restore-register")).toMatchObject({ state: "ROLLED_BACK", output: expect.stringMatching(/pg-fra1-r1 disabled in the inventory \(not deleted/) });
      const server = await t.db.server.findUniqueOrThrow({ where: { name: "pg-fra1-r1" }, include: { memberships: true, fenceTargets: true } });
      expect(server).toMatchObject({ enabled: false, memberships: [], fenceTargets: [] });
      expect(server.description).toMatch(/the restore failed: disabled/);
      expect(Object.keys(await roles("pg-fra1")).sort()).toEqual(["db-fra1-a", "db-fra1-b", "db-fra1-dr"]);
    } finally {
      await t.db.redundancyGroup.update({ where: { id }, data: { restore: setting as object } });
    }
  }, 120_000);

  it("a restore whose leader went away while it waited for the new server is resumed by the next one, without provisioning again", async () => {
    // The first engine leads at epoch 7, then is deposed mid-step: its writes are refused from then on.
    await t.db.clusterLeader.upsert({ where: { id: 1 }, update: { epoch: 7 }, create: { id: 1, epoch: 7, expiresAt: new Date(Date.now() + 3_600_000) } });
    let deposed = false;
    const first = createOperationsEngine({ db: t.db, fence: { epoch: () => (deposed ? null : 7) }, actions: restoreActions({ db: t.db, secretBox: rt.secretBox, log, monitoring }), log });
    await first.start();
    const hosts = sim.stats().hosts;
    const { operation } = await startRestore({ db: t.db, engine: first, live: liveStatesOf(monitoring) }, systemActor, await groupId("pg-fra1"), { force: true });
    // The new host is down as soon as it exists, so the health gate waits.
    const name = await eventually(() => sim.hosts.find((h) => h.name.startsWith("pg-fra1-r") && h.name !== "pg-fra1-r1")?.name, "the new host", 30_000);
    await sim.inject(name, "down");
    await eventually(async () => (await t.db.operationStep.findFirst({ where: { operationId: operation.id, index: 2, state: "RUNNING" } })) !== null, "the health gate running", 30_000);
    deposed = true;
    await first.abandon(); // it logs its refused writes: the point of the fence

    expect(await t.db.operation.findUniqueOrThrow({ where: { id: operation.id } })).toMatchObject({ state: "RUNNING", currentStep: 2 });

    await sim.clear(name, "down");
    const next = createOperationsEngine({ db: t.db, actions: { ...failoverActions({ db: t.db, secretBox: rt.secretBox, log }), ...restoreActions({ db: t.db, secretBox: rt.secretBox, log, monitoring }) }, log });
    const recovered = await next.start();
    cleanup.push(() => next.stop());
    expect(recovered.map((r) => [r.operationId, r.action])).toEqual([[operation.id, "resumed"]]);
    const op = await recovered[0]!.done;
    expect(op.state, explain(op)).toBe("SUCCEEDED");
    expect(sim.stats().hosts).toBe(hosts + 1);
    expect(Object.keys(await roles("pg-fra1"))).toContain(name);
    expect(await t.db.auditEvent.findFirst({ where: { action: "operation.recover", targetId: operation.id } })).toMatchObject({ details: { decision: "resume", index: 2 } });
  }, 120_000);

  it("refuses a group without a provision hook", async () => {
    const r = await restore("web-ams1", { force: true });
    expect(r.status).toBe(409);
    expect(r.body.detail).toMatch(/web-ams1 has no provision hook/);
  });
});
