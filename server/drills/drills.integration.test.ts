// Drills against a simulated PostgreSQL pair (real SSH, `tandem-sim` hooks)
// behind a real HAProxy, on the real engine, monitoring and alerts: a live
// drill switches over and back and records RTO/RPO; an alert mid-drill halts it
// and the original primary is restored; a dry run finds a broken hook and
// changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, log, startFailoverPair, type FailoverPair } from "../../test/integration/failover-pair";
import { ensureHaproxy } from "../../test/integration/haproxy";
import { callRoute, type RouteHandler } from "../../test/integration/http";
import { seedUser } from "../../test/integration/users";
import { createAlertManager, type AlertManager } from "../alerts/alert-manager";
import { createAlertSources, type AlertSources } from "../alerts/alert-sources";
import { operationEvents, type TOperationStateEvent } from "../operations/operation.types";
import { drillActionsWith } from "./drill-actions";
import { createDrillGuard, type DrillGuard } from "./drill-guard";
import { drillFreshness } from "./drill-report";
import type { TDrillReport } from "./drills.types";
import * as groupDrillRoutes from "../../app/api/v1/groups/[id]/drills/route";
import * as drillRoutes from "../../app/api/v1/drills/[id]/route";
import * as freshnessRoutes from "../../app/api/v1/drills/freshness/route";
import { systemActor } from "../auth/principal";
import { localOf } from "../maintenance/occurrences";
import { createDrillSchedule } from "./schedules/save-drill-schedule";
import { createDrillScheduler } from "./schedules/drill-scheduler";
import { startScheduledDrill } from "./schedules/start-scheduled-drill";

const installed = await ensureHaproxy();

let pair: FailoverPair;
let alerts: AlertManager;
let sources: AlertSources;
let guard: DrillGuard | undefined;
let operator: string;

const call = (route: Record<string, unknown>, method: string, path: string, body?: unknown, params: Record<string, string> = {}) =>
  callRoute(route[method] as RouteHandler, method, path, { session: operator, body }, params);

const start = (body: Record<string, unknown>) => call(groupDrillRoutes, "POST", `/api/v1/groups/${pair.groupId}/drills`, body, { id: pair.groupId });
const report = async (id: string) => (await call(drillRoutes, "GET", `/api/v1/drills/${id}`, undefined, { id })).body as TDrillReport;
const ended = (id: string) =>
  eventually(async () => {
    const o = await pair.t.db.operation.findUnique({ where: { id } });
    return o && !["PLANNED", "RUNNING", "PAUSED"].includes(o.state) ? o : null;
  }, "the drill to end", 60_000);

describe.runIf(installed)("drills against a simulated pair and a real HAProxy", () => {
  beforeAll(async () => {
    pair = await startFailoverPair({
      net: "127.0.57",
      seed: 57,
      intervalMs: 300,
      group: { name: "pg-drill", failoverPolicy: "MANUAL" },
      engine: {
        actions: ({ monitoring, db, secretBox }) => drillActionsWith({ db, secretBox, monitoring }),
        emit: (_room, event, payload) => {
          if (event === operationEvents.state) guard?.onOperationState(payload as TOperationStateEvent);
        },
      },
    });
    pair.rt.services.operations = pair.engine;
    pair.rt.services.monitoring = pair.monitoring;
    alerts = createAlertManager({ db: pair.t.db, log });
    await alerts.start();
    sources = createAlertSources({ db: pair.t.db, manager: alerts, health: pair.monitoring.engine, log });
    await sources.start();
    guard = createDrillGuard({ db: pair.t.db, engine: pair.engine, alerts, health: pair.monitoring.engine, log });
    await guard.start();
    operator = (await seedUser(pair.t.db, "OPERATOR")).session;
  }, 90_000);

  afterAll(async () => {
    await pair?.stop(async () => {
      guard?.stop();
      await sources?.stop();
      await alerts?.stop();
    });
  });

  it("a dry run on a healthy pair passes, reports what a failover would do, and changes nothing", async () => {
    // The body: just the mode.
    const r = await start({ mode: "dry-run" });
    expect(r.status).toBe(202);
    expect(r.body.kind).toBe("DRILL");
    const op = await ended(r.body.id);
    expect(op.state, op.outcome ?? "").toBe("SUCCEEDED");
    const rep = await report(r.body.id);
    expect(rep).toMatchObject({ mode: "dry-run", passed: true, reason: "dry run", initiator: expect.stringMatching(/operator-/) });
    expect(rep.steps.map((s) => s.action)).toEqual(expect.arrayContaining(["drill-check-candidate", "drill-check-ssh", "hook", "drill-check-lb", "drill-report-plan"]));
    expect(rep.steps.find((s) => s.action === "drill-report-plan")!.output).toMatch(/fence db-a.*\n.*promote hook on db-b/s);
    expect(await pair.roles()).toEqual({ "db-a": "PRIMARY/IN_SERVICE", "db-b": "STANDBY/IN_SERVICE" });
    expect(pair.sim.host("db-b").role).toBe("standby");
    expect(await pair.servedBy()).toEqual(new Set(["db-a"]));
  });

  it("a dry run finds a broken hook, still runs every other check, and changes nothing", async () => {
    const group = await pair.t.db.redundancyGroup.findUniqueOrThrow({ where: { id: pair.groupId } });
    const hooks = group.hooks as Record<string, string>;
    await pair.t.db.redundancyGroup.update({ where: { id: pair.groupId }, data: { hooks: { ...hooks, promote: "pg_promote_missing --now" } } });
    try {
      const r = await start({ mode: "dry-run", reason: "after the runbook change" });
      const op = await ended(r.body.id);
      expect(op.state).toBe("FAILED");
      expect(op.outcome).toMatch(/1 of \d+ check\(s\) failed.*nothing was changed/);
      const rep = await report(r.body.id);
      const promote = rep.steps.find((s) => s.description.startsWith("promote hook"))!;
      expect(promote).toMatchObject({ state: "FAILED" });
      expect(promote.output, promote.output).toMatch(/exited 127.*pg_promote_missing: not found/s);
      expect(rep.steps.filter((s) => s.state === "SUCCEEDED").length).toBe(rep.steps.length - 1);
      expect(await pair.roles()).toEqual({ "db-a": "PRIMARY/IN_SERVICE", "db-b": "STANDBY/IN_SERVICE" });
      expect(pair.sim.host("db-b").role).toBe("standby");
    } finally {
      await pair.t.db.redundancyGroup.update({ where: { id: pair.groupId }, data: { hooks } });
    }
  });

  it("a live drill switches over, holds, fails back, and records RTO and RPO", async () => {
    await pair.standbyReady("db-b");
    const r = await start({ mode: "live", reason: "quarterly drill", holdSeconds: 1 });
    expect(r.status).toBe(202);
    // While it holds, the standby serves.
    await eventually(async () => (await pair.t.db.operationStep.findFirst({ where: { operationId: r.body.id, action: "drill-hold", state: "RUNNING" } })) !== null, "the hold");
    expect(await pair.servedBy()).toEqual(new Set(["db-b"]));
    const op = await ended(r.body.id);
    expect(op.state, op.outcome ?? "").toBe("SUCCEEDED");
    const rep = await report(r.body.id);
    expect(rep).toMatchObject({ mode: "live", passed: true, restored: true, originalPrimary: { name: "db-a" }, standby: { name: "db-b" } });
    expect(rep.rtoMs).toBeGreaterThan(0);
    expect(rep.rpoMs).not.toBeNull();
    expect(rep.steps.every((s) => s.state === "SUCCEEDED" && s.durationMs !== null)).toBe(true);
    expect(await pair.roles()).toEqual({ "db-a": "PRIMARY/IN_SERVICE", "db-b": "STANDBY/IN_SERVICE" });
    expect(pair.sim.host("db-a").role).toBe("primary");
    expect(await pair.servedBy()).toEqual(new Set(["db-a"]));

    const fresh = await call(freshnessRoutes, "GET", "/api/v1/drills/freshness");
    expect(fresh.body.groups).toEqual([expect.objectContaining({ groupName: "pg-drill", stale: false, daysSince: 0, lastDryRunPassed: false })]);
    // Past the configured age (here 30 days) the same drill no longer counts as fresh.
    const later = await drillFreshness(pair.t.db, 30, new Date(Date.now() + 31 * 86_400_000));
    expect(later.groups[0]).toMatchObject({ stale: true, daysSince: expect.any(Number) });
    expect(later.groups[0]!.daysSince).toBeGreaterThan(30);
  });

  it("a critical alert in the group mid-drill halts it and restores the original primary", async () => {
    await pair.standbyReady("db-b");
    const r = await start({ mode: "live", reason: "drill with a stop", holdSeconds: 60, stopOnSeverity: "CRITICAL" });
    await eventually(async () => (await pair.t.db.operationStep.findFirst({ where: { operationId: r.body.id, action: "drill-hold", state: "RUNNING" } })) !== null, "the hold");
    expect(guard!.watching()).toContain(r.body.id);
    // RAID degraded on the standby now serving: a CRITICAL alert about a member.
    await pair.sim.inject("db-b", "raid-degraded");
    try {
      const op = await ended(r.body.id);
      expect(op.state).not.toBe("SUCCEEDED");
      expect(op.outcome).toMatch(/stop condition: CRITICAL alert "db-b: RAID .* degraded"/);
      const rep = await report(r.body.id);
      expect(rep).toMatchObject({ passed: false, restored: true });
      expect(await pair.roles()).toEqual({ "db-a": "PRIMARY/IN_SERVICE", "db-b": "STANDBY/IN_SERVICE" });
      expect(pair.sim.host("db-a").role).toBe("primary");
      expect(await pair.servedBy()).toEqual(new Set(["db-a"]));
    } finally {
      await pair.sim.clear("db-b", "raid-degraded");
    }
  });

  it("a schedule fires at its time (injected clock) and its dry run runs on the engine", async () => {
    await pair.standbyReady("db-b");
    const now = new Date();
    const due = new Date(Math.ceil((now.getTime() + 3_600_000) / 60_000) * 60_000); // the next whole minute, an hour ahead
    const schedule = await createDrillSchedule(pair.t.db, systemActor, {
      groupId: pair.groupId,
      mode: "dry-run",
      start: localOf(due, "Europe/Berlin"),
      timezone: "Europe/Berlin",
      rrule: "FREQ=DAILY",
      onlyInMaintenanceWindow: false,
      holdSeconds: 0,
      stopOnSeverity: "CRITICAL",
      enabled: true,
    });
    expect(schedule.nextRunAt).toBe(due.toISOString());
    let clock = new Date(due.getTime() - 1000);
    const scheduler = createDrillScheduler({
      db: pair.t.db,
      log,
      clock: () => clock,
      start: startScheduledDrill({ db: pair.t.db, engine: pair.engine, live: undefined }),
      inMaintenanceWindow: () => false,
      tickMs: 3_600_000,
    });
    await scheduler.tick();
    expect(await pair.t.db.scheduleRun.count({ where: { scheduleId: schedule.id } })).toBe(0); // a second early: nothing
    clock = new Date(due.getTime() + 1000);
    await scheduler.tick();
    await scheduler.tick(); // once only
    const runs = await pair.t.db.scheduleRun.findMany({ where: { scheduleId: schedule.id } });
    expect(runs).toEqual([expect.objectContaining({ outcome: "STARTED", dueAt: due })]);
    const op = await ended(runs[0]!.operationId!);
    expect(op, op.outcome ?? "").toMatchObject({ kind: "DRILL", state: "SUCCEEDED", initiator: `drill schedule ${schedule.id}` });
    await scheduler.stop();
  });

  // Last: it leaves the pair on its standby, as a real one would be.
  it("when the original primary dies during the hold, the drill stops with the standby serving and says it could not fail back", async () => {
    await pair.standbyReady("db-b");
    const r = await start({ mode: "live", reason: "drill, primary dies", holdSeconds: 60 });
    await eventually(async () => (await pair.t.db.operationStep.findFirst({ where: { operationId: r.body.id, action: "drill-hold", state: "RUNNING" } })) !== null, "the hold");
    await pair.sim.inject("db-a", "down");
    const op = await ended(r.body.id);
    expect(op.state).toBe("FAILED");
    expect(op.outcome).toMatch(/drill-hold\) failed: the original primary is (DOWN|UNREACHABLE): cannot fail back.*stopped here without undoing/);
    const rep = await report(r.body.id);
    expect(rep).toMatchObject({ passed: false, restored: false });
    expect(rep.steps.find((s) => s.action === "drill-hold")!.state).toBe("FAILED");
    // Nothing was "restored" onto the dead host: the standby is primary and serves.
    expect(await pair.roles()).toMatchObject({ "db-b": "PRIMARY/IN_SERVICE" });
    expect(pair.sim.host("db-b").role).toBe("primary");
    expect(await pair.servedBy()).toEqual(new Set(["db-b"]));
  });
});
