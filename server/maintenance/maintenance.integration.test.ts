// Maintenance windows wired into the rest, against a simulated pair (real SSH,
// real monitoring) behind a real HAProxy: the API's checks, a window that
// suppresses a fault's alert while its recovery still goes out, automatic
// failover refusing a candidate (and a primary) in maintenance, and a drain that
// is undone when the window ends, also when Tandem restarts mid-window.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, log, startFailoverPair, type FailoverPair } from "../../test/integration/failover-pair";
import { ensureHaproxy } from "../../test/integration/haproxy";
import { callRoute, type RouteHandler } from "../../test/integration/http";
import { seedUser } from "../../test/integration/users";
import { systemActor } from "../auth/principal";
import { createAlertManager, type AlertManager } from "../alerts/alert-manager";
import { createAlertSources, type AlertSources } from "../alerts/alert-sources";
import type { TAlert } from "../alerts/alerts.types";
import { createAutoFailover } from "../failover/auto-failover";
import { getServerState } from "../loadbalancer/haproxy-runtime";
import { createMaintenanceService, type MaintenanceService } from "./maintenance-service";
import { localOf } from "./occurrences";
import { createWindow } from "./save-window";
import type { TCreateWindowRequest } from "./maintenance.types";
import * as windowRoutes from "../../app/api/v1/maintenance-windows/route";
import * as previewRoutes from "../../app/api/v1/maintenance-windows/preview/route";
import * as cancelRoutes from "../../app/api/v1/maintenance-windows/[id]/cancel/route";
import * as endRoutes from "../../app/api/v1/maintenance-windows/[id]/end/route";
import * as serversRoutes from "../../app/api/v1/servers/route";
import * as serverRoutes from "../../app/api/v1/servers/[id]/route";
import * as groupRoutes from "../../app/api/v1/groups/[id]/route";

const installed = await ensureHaproxy();

let pair: FailoverPair;
let maintenance: MaintenanceService;
let alerts: AlertManager;
let sources: AlertSources;
const notified: { alert: TAlert; event: string }[] = [];
let operator: string;

const call = (route: Record<string, unknown>, method: string, path: string, body?: unknown, params: Record<string, string> = {}) =>
  callRoute(route[method] as RouteHandler, method, path, { session: operator, body }, params);

/** A draft window on some servers, running from a minute ago for `minutes`, in UTC. */
function draft(serverIds: string[], o: Partial<TCreateWindowRequest> = {}, now = new Date()): TCreateWindowRequest {
  return {
    title: "kernel patching",
    description: "",
    scope: { serverIds, groupIds: [], siteIds: [], tags: [] },
    start: localOf(new Date(now.getTime() - 60_000), "UTC"),
    timezone: "UTC",
    durationMinutes: 30,
    rrule: null,
    suppressAlerts: true,
    blockFailover: true,
    drainMembers: false,
    overrideReason: null,
    ...o,
  };
}

async function cancelAll() {
  await pair.t.db.maintenanceWindow.updateMany({ where: { cancelledAt: null }, data: { cancelledAt: new Date() } });
  await maintenance.reconcile();
}

describe.runIf(installed)("maintenance windows against a simulated pair and a real HAProxy", () => {
  beforeAll(async () => {
    pair = await startFailoverPair({ net: "127.0.55", seed: 55, intervalMs: 300, group: { name: "pg-maint", failoverPolicy: "AUTOMATIC", cooldownSeconds: 0 } });
    maintenance = createMaintenanceService({ db: pair.t.db, secretBox: pair.rt.secretBox, log, onChange: (ids) => pair.monitoring.touch(ids), tickMs: 200 });
    pair.monitoring.setMaintenance((id) => maintenance.markFor(id));
    await maintenance.start();
    pair.rt.services.maintenance = maintenance;
    pair.rt.services.monitoring = pair.monitoring;
    alerts = createAlertManager({ db: pair.t.db, log, notify: async (alert, event) => void notified.push({ alert, event }) });
    alerts.setSuppressor((s) => maintenance.suppressing(s));
    await alerts.start();
    sources = createAlertSources({ db: pair.t.db, manager: alerts, health: pair.monitoring.engine, log });
    await sources.start();
    operator = (await seedUser(pair.t.db, "OPERATOR")).session;
  }, 90_000);

  afterAll(async () => {
    await pair?.stop(async () => {
      await sources?.stop();
      await alerts?.stop();
      await maintenance?.stop();
    });
  });

  it("previews the impact, refuses a window that breaks a group without a reason, and audits what it schedules", async () => {
    const both = draft([pair.serverIds["db-a"]!, pair.serverIds["db-b"]!], { start: localOf(new Date(Date.now() + 86_400_000), "UTC") });
    const preview = await call(previewRoutes, "POST", "/api/v1/maintenance-windows/preview", { draft: both });
    expect(preview.status).toBe(200);
    expect(preview.body.groups).toEqual([expect.objectContaining({ name: "pg-maint", now: "OK", during: "BROKEN", inServiceDuring: 0, membersInScope: ["db-a", "db-b"] })]);
    expect(preview.body.needsOverride).toBe(true);

    const refused = await call(windowRoutes, "POST", "/api/v1/maintenance-windows", both);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/would break pg-maint/);

    const badRule = await call(windowRoutes, "POST", "/api/v1/maintenance-windows", { ...both, rrule: "FREQ=HOURLY" });
    expect(badRule.status).toBe(400);
    expect(badRule.body.errors.map((e: { path: string }) => e.path)).toContain("body.rrule");

    const ok = await call(windowRoutes, "POST", "/api/v1/maintenance-windows", { ...both, overrideReason: "whole cluster is being replaced, service announced" });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: "scheduled", serverCount: 2, overrideReason: "whole cluster is being replaced, service announced" });
    const audit = await pair.t.db.auditEvent.findFirstOrThrow({ where: { action: "maintenance.created", targetId: ok.body.id } });
    expect(audit.details).toMatchObject({ breaks: ["pg-maint"] });

    // Overlaps: a second window at the same time on db-b is told about the first.
    const overlap = await call(previewRoutes, "POST", "/api/v1/maintenance-windows/preview", { draft: draft([pair.serverIds["db-b"]!], { start: both.start }) });
    expect(overlap.body.overlaps).toEqual([expect.objectContaining({ id: ok.body.id, sharedServers: 1 })]);

    expect((await call(cancelRoutes, "POST", `/api/v1/maintenance-windows/${ok.body.id}/cancel`, { reason: "postponed" }, { id: ok.body.id })).body.status).toBe("cancelled");
    expect((await call(endRoutes, "POST", `/api/v1/maintenance-windows/${ok.body.id}/end`, {}, { id: ok.body.id })).status).toBe(409);
  });

  it("the servers and groups APIs say MAINTENANCE, which window and until when, with the live health beside it, even once the server dies", async () => {
    const created = await call(windowRoutes, "POST", "/api/v1/maintenance-windows", draft([pair.serverIds["db-b"]!], { title: "firmware", blockFailover: false }));
    const dbB = pair.serverIds["db-b"]!;
    const servers = async (query = "") => (await call(serversRoutes, "GET", `/api/v1/servers${query}`)).body.servers as { name: string; state: string; health: string; maintenance: unknown }[];
    const byName = async (name: string, query = "") => (await servers(query)).find((s) => s.name === name);
    await eventually(async () => (await byName("db-b"))?.state === "MAINTENANCE", "db-b MAINTENANCE in GET /servers");
    const listed = await byName("db-b");
    expect(listed).toMatchObject({ state: "MAINTENANCE", health: "UP", maintenance: { windowId: created.body.id, title: "firmware" } });
    const mark = listed!.maintenance as { startedAt: string; endsAt: string };
    expect(Date.parse(mark.endsAt) - Date.parse(mark.startedAt)).toBe(30 * 60_000);
    expect(mark.endsAt).toBe(created.body.activeOccurrence.end);
    expect(await byName("db-a")).toMatchObject({ state: "UP", health: "UP", maintenance: null });
    // Filters: by the state shown, and by live health.
    expect((await servers("?state=MAINTENANCE")).map((s) => s.name)).toEqual(["db-b"]);
    expect((await servers("?health=UP")).map((s) => s.name)).toEqual(["db-a", "db-b"]);
    const one = await callRoute(serverRoutes.GET as RouteHandler, "GET", `/api/v1/servers/${dbB}`, { session: operator }, { id: dbB });
    expect(one.body).toMatchObject({ state: "MAINTENANCE", health: "UP", maintenance: { title: "firmware" } });
    const group = await callRoute(groupRoutes.GET as RouteHandler, "GET", `/api/v1/groups/${pair.groupId}`, { session: operator }, { id: pair.groupId });
    expect(group.body.members.find((m: { name: string }) => m.name === "db-b")).toMatchObject({ state: "MAINTENANCE", health: "UP", maintenance: { windowId: created.body.id, title: "firmware" } });

    // Killed while in the window: still MAINTENANCE, and its health says it does not answer.
    await pair.sim.inject("db-b", "down");
    await eventually(async () => (await byName("db-b"))?.health === "DOWN", "db-b health DOWN in GET /servers");
    expect(await byName("db-b")).toMatchObject({ state: "MAINTENANCE", health: "DOWN" });
    expect((await servers("?health=DOWN")).map((s) => s.name)).toEqual(["db-b"]);
    await pair.sim.clear("db-b", "down");
    await eventually(async () => (await byName("db-b"))?.health === "UP", "db-b answering again");

    await call(endRoutes, "POST", `/api/v1/maintenance-windows/${created.body.id}/end`, { reason: "done" }, { id: created.body.id });
    await eventually(async () => (await byName("db-b"))?.state === "UP", "db-b out of maintenance in the API");
    expect(await byName("db-b")).toMatchObject({ health: "UP", maintenance: null });
  });

  it("a server in a running window shows MAINTENANCE; a fault's alert is suppressed, named, and only its recovery is announced", async () => {
    const created = await call(windowRoutes, "POST", "/api/v1/maintenance-windows", draft([pair.serverIds["db-b"]!], { blockFailover: false }));
    expect(created.body.status).toBe("active");
    await eventually(() => pair.liveOf("db-b")?.maintenance?.title === "kernel patching", "db-b in maintenance on the fleet view");
    expect(pair.liveOf("db-b")).toMatchObject({ state: "MAINTENANCE", health: "UP" }); // its health is still the real one
    // Its group is covered too: its at-risk alert is silenced, and drills "only in a window" may run.
    expect(maintenance.suppressing({ serverId: null, groupId: pair.groupId })).toMatchObject({ title: "kernel patching" });
    expect(maintenance.groupInWindow(pair.groupId)).toBe("kernel patching");

    await pair.sim.inject("db-b", "disk-full");
    const alert = await eventually(() => pair.t.db.alert.findFirst({ where: { serverId: pair.serverIds["db-b"], source: "disk" } }), "the disk alert");
    expect(alert).toMatchObject({ suppressed: true, suppressedReason: 'in maintenance window "kernel patching"', suppressedWindowId: created.body.id });
    await pair.sim.clear("db-b", "disk-full");
    await eventually(() => notified.some((n) => n.alert.id === alert.id && n.event === "resolved"), "the recovery announced");
    expect(notified.filter((n) => n.alert.id === alert.id).map((n) => n.event)).toEqual(["resolved"]);

    const ended = await call(endRoutes, "POST", `/api/v1/maintenance-windows/${created.body.id}/end`, { reason: "done early" }, { id: created.body.id });
    expect(ended.body.status).toBe("ended");
    await eventually(() => pair.liveOf("db-b")?.maintenance === null, "db-b out of maintenance");
    expect(maintenance.suppressing({ serverId: null, groupId: pair.groupId })).toBeNull();
    expect(maintenance.groupInWindow(pair.groupId)).toBeNull();
  });

  it("automatic failover does not pick a standby in maintenance, and does not fail over from a primary in one", async () => {
    const auto = createAutoFailover({ db: pair.t.db, secretBox: pair.rt.secretBox, log, engine: pair.engine, monitoring: pair.monitoring, brake: { max: 5, windowMs: 600_000 }, maintenanceWindow: (_g, id) => maintenance.blockingFailover(id) });
    try {
      await createWindow(pair.t.db, systemActor, draft([pair.serverIds["db-b"]!], { title: "standby upgrade" }), undefined);
      await maintenance.reconcile();
      await eventually(() => pair.liveOf("db-b")?.maintenance?.title === "standby upgrade", "db-b in maintenance");
      // The primary really dies (its peers cannot reach it either), so only the window stands in the way.
      await pair.sim.inject("db-a", "down");
      await eventually(() => pair.liveOf("db-a")?.state === "DOWN", "db-a DOWN");
      const t = { serverId: pair.serverIds["db-a"]!, from: "UNREACHABLE" as const, to: "DOWN" as const, reason: "test", at: new Date() };
      const [refused] = await auto.handle(t);
      expect(refused).toMatchObject({ refused: "no-candidate" });
      expect((refused as { reasons: string[] }).reasons.join(" ")).toMatch(/db-b: .*in maintenance window "standby upgrade"/);
      await cancelAll();

      await createWindow(pair.t.db, systemActor, draft([pair.serverIds["db-a"]!], { title: "primary patching" }), undefined);
      await maintenance.reconcile();
      const [blocked] = await auto.handle(t);
      expect(blocked).toMatchObject({ refused: "maintenance", reasons: ['db-a is in maintenance window "primary patching"'] });
      expect(await pair.t.db.operation.count({ where: { kind: "FAILOVER" } })).toBe(0);
    } finally {
      await pair.sim.clear("db-a", "down");
      await eventually(() => pair.liveOf("db-a")?.health === "UP", "db-a UP again");
      await auto.stop();
      await cancelAll();
    }
  });

  it("drains a member for the window and puts it back when the window ends, also after a restart mid-window", async () => {
    // An active-active view of the same HAProxy backend: db-a as an ACTIVE member (a PRIMARY is never drained).
    const lb = await pair.t.db.loadBalancer.findFirstOrThrow();
    const pool = await pair.t.db.redundancyGroup.create({
      data: { name: "web-pool", mode: "ACTIVE_ACTIVE", minHealthy: 0, loadBalancer: { connect: { id: lb.id } }, members: { create: [{ server: { connect: { id: pair.serverIds["db-a"]! } }, role: "ACTIVE", lbBackendServer: "db-a" }] } },
    });
    const state = async () => (await getServerState(lb.address!, lb.backend!, "db-a")).adminState;
    const member = () => pair.t.db.groupMember.findFirstOrThrow({ where: { groupId: pool.id } });
    const now = Date.now();
    const w = await createWindow(pair.t.db, systemActor, draft([pair.serverIds["db-a"]!], { title: "drain test", drainMembers: true, durationMinutes: 10, blockFailover: false }), undefined);
    try {
      await maintenance.reconcile();
      expect(await state()).toBe("drain");
      expect((await member()).adminState).toBe("MAINTENANCE");
      const [held] = await pair.t.db.maintenanceDrain.findMany({ where: { windowId: w.id } });
      expect(held).toMatchObject({ previousAdminState: "IN_SERVICE", releasedAt: null });
      // The pair's own PRIMARY membership of db-a was left alone.
      expect(await pair.roles()).toMatchObject({ "db-a": "PRIMARY/IN_SERVICE" });

      // Tandem stops mid-window; it comes back after the window ended (injected clock): everything is released.
      await maintenance.stop();
      const later = createMaintenanceService({ db: pair.t.db, secretBox: pair.rt.secretBox, log, clock: () => new Date(now + 12 * 60_000), tickMs: 60_000 });
      await later.start();
      await later.stop();
      expect(await state()).toBe("ready");
      expect((await member()).adminState).toBe("IN_SERVICE");
      expect((await pair.t.db.maintenanceDrain.findFirstOrThrow({ where: { windowId: w.id } })).releasedAt).not.toBeNull();
    } finally {
      maintenance = createMaintenanceService({ db: pair.t.db, secretBox: pair.rt.secretBox, log, onChange: (ids) => pair.monitoring.touch(ids), tickMs: 200 });
      await maintenance.start();
      await cancelAll();
    }
  });

  it("a cancelled running window releases its drain at once", async () => {
    const pool = await pair.t.db.redundancyGroup.findFirstOrThrow({ where: { name: "web-pool" } });
    const lb = await pair.t.db.loadBalancer.findFirstOrThrow();
    const created = await call(windowRoutes, "POST", "/api/v1/maintenance-windows", draft([pair.serverIds["db-a"]!], { title: "cancel test", drainMembers: true, blockFailover: false }));
    expect(created.status).toBe(201);
    expect((await getServerState(lb.address!, lb.backend!, "db-a")).adminState).toBe("drain");
    await call(cancelRoutes, "POST", `/api/v1/maintenance-windows/${created.body.id}/cancel`, { reason: "change of plan" }, { id: created.body.id });
    expect((await getServerState(lb.address!, lb.backend!, "db-a")).adminState).toBe("ready");
    expect((await pair.t.db.groupMember.findFirstOrThrow({ where: { groupId: pool.id } })).adminState).toBe("IN_SERVICE");
  });
});
