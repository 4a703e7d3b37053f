// Drill schedules against a real Postgres: the API's checks and audit, and the
// scheduler on an injected clock with a recording `start` (the drill itself is
// tested with start-drill): a due run fires once, also with two schedulers; a
// downtime is reported as missed runs; a window requirement skips; a refusal
// is recorded as FAILED; one broken schedule does not stop the others.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase, type TestRuntime } from "../../../test/integration/database";
import { callRoute, type CallOptions, type RouteHandler } from "../../../test/integration/http";
import { seedUser } from "../../../test/integration/users";
import * as schedulesRoute from "../../../app/api/v1/drill-schedules/route";
import * as scheduleRoute from "../../../app/api/v1/drill-schedules/[id]/route";
import * as runsRoute from "../../../app/api/v1/drill-schedules/[id]/runs/route";
import { systemActor } from "../../auth/principal";
import { AppError } from "../../errors/app-error";
import type { Logger } from "../../lib/logger";
import type { TCreateDrillScheduleRequest } from "../drills.types";
import { createDrillScheduler, type DrillScheduler, type ScheduledDrill } from "./drill-scheduler";
import { createDrillSchedule } from "./save-drill-schedule";


let t: TestDatabase;
let rt: TestRuntime;
let operator: string;
let viewer: string;
let activePassive: string;
let activeActive: string;

const call = (h: RouteHandler | undefined, method: string, path: string, o: CallOptions = {}, params: Record<string, string> = {}) => callRoute(h, method, path, { session: operator, ...o }, params);

async function seedGroup(name: string, mode: "ACTIVE_PASSIVE" | "ACTIVE_ACTIVE"): Promise<string> {
  const roles = mode === "ACTIVE_PASSIVE" ? (["PRIMARY", "STANDBY"] as const) : (["ACTIVE", "ACTIVE"] as const);
  const servers = await Promise.all(roles.map((_, i) => t.db.server.create({ data: { name: `${name}-${i + 1}`, address: `10.0.0.${i + 1}` } })));
  const g = await t.db.redundancyGroup.create({ data: { name, mode } });
  await t.db.groupMember.createMany({ data: servers.map((s, i) => ({ groupId: g.id, serverId: s.id, role: roles[i]! })) });
  return g.id;
}

const draft = (o: Partial<TCreateDrillScheduleRequest> = {}) => ({ groupId: activePassive, mode: "dry-run", start: "2031-06-01T03:00", timezone: "Europe/Berlin", rrule: "FREQ=DAILY", ...o });

beforeAll(async () => {
  t = await createTestDatabase();
  rt = await installTestRuntime(t.db);
  operator = (await seedUser(t.db, "OPERATOR")).session;
  viewer = (await seedUser(t.db, "VIEWER")).session;
  activePassive = await seedGroup("pg-main", "ACTIVE_PASSIVE");
  activeActive = await seedGroup("web-pool", "ACTIVE_ACTIVE");
});

afterAll(async () => {
  await t?.drop();
});

describe("drill schedules API", () => {
  it("validates, creates with the next run, lists, updates, shows runs and deletes, auditing each change", async () => {
    const badRule = await call(schedulesRoute.POST, "POST", "/api/v1/drill-schedules", { body: draft({ rrule: "FREQ=HOURLY" }) });
    expect(badRule.status).toBe(400);
    expect(badRule.body.errors.map((e: { path: string }) => e.path)).toContain("body.rrule");

    const unknownGroup = await call(schedulesRoute.POST, "POST", "/api/v1/drill-schedules", { body: draft({ groupId: randomUUID() }) });
    expect(unknownGroup.status).toBe(404);
    expect(unknownGroup.body.errors).toEqual([{ path: "body.groupId", message: "no such group" }]);

    const liveOnActiveActive = await call(schedulesRoute.POST, "POST", "/api/v1/drill-schedules", { body: draft({ groupId: activeActive, mode: "live" }) });
    expect(liveOnActiveActive.status).toBe(409);
    expect(liveOnActiveActive.body.detail).toMatch(/web-pool is active-active: schedule a dry run instead/);

    expect((await call(schedulesRoute.POST, "POST", "/api/v1/drill-schedules", { body: draft(), session: viewer })).status).toBe(403);

    const created = await call(schedulesRoute.POST, "POST", "/api/v1/drill-schedules", { body: draft() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      groupId: activePassive,
      groupName: "pg-main",
      mode: "dry-run",
      onlyInMaintenanceWindow: false,
      holdSeconds: 30,
      stopOnSeverity: "CRITICAL",
      enabled: true,
      nextRunAt: "2031-06-01T01:00:00.000Z",
      lastRunAt: null,
      lastRun: null,
    });
    expect(created.body.recurrenceText).toMatch(/Europe\/Berlin/);
    const id: string = created.body.id;
    expect(await t.db.auditEvent.findFirst({ where: { action: "drill_schedule.created", targetId: id } })).toMatchObject({ details: expect.objectContaining({ groupId: activePassive, rrule: "FREQ=DAILY" }) });

    const sooner = await call(schedulesRoute.POST, "POST", "/api/v1/drill-schedules", { body: draft({ groupId: activeActive, start: "2031-01-01T03:00" }) });
    expect(sooner.status).toBe(201);
    const list = await call(schedulesRoute.GET, "GET", "/api/v1/drill-schedules", { session: viewer });
    expect(list.body.schedules.map((s: { id: string }) => s.id)).toEqual([sooner.body.id, id]);
    const filtered = await call(schedulesRoute.GET, "GET", `/api/v1/drill-schedules?groupId=${activePassive}`, { session: viewer });
    expect(filtered.body.schedules.map((s: { id: string }) => s.id)).toEqual([id]);

    const path = `/api/v1/drill-schedules/${id}`;
    const updated = await call(scheduleRoute.PATCH, "PATCH", path, { body: { mode: "live", rrule: "FREQ=WEEKLY;BYDAY=MO", onlyInMaintenanceWindow: true } }, { id });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ mode: "live", onlyInMaintenanceWindow: true, nextRunAt: "2031-06-02T01:00:00.000Z" });
    expect(await t.db.auditEvent.count({ where: { action: "drill_schedule.updated", targetId: id } })).toBe(1);

    expect((await call(scheduleRoute.PATCH, "PATCH", path, { body: {} }, { id })).status).toBe(400);
    const badUpdate = await call(scheduleRoute.PATCH, "PATCH", path, { body: { rrule: "FREQ=DAILY;BYHOUR=3" } }, { id });
    expect(badUpdate.status).toBe(400);
    expect(badUpdate.body.errors.map((e: { path: string }) => e.path)).toContain("body.rrule");
    const liveAa = await call(scheduleRoute.PATCH, "PATCH", `/api/v1/drill-schedules/${sooner.body.id}`, { body: { mode: "live" } }, { id: sooner.body.id });
    expect(liveAa.status).toBe(409);
    const missing = randomUUID();
    expect((await call(scheduleRoute.PATCH, "PATCH", `/api/v1/drill-schedules/${missing}`, { body: { enabled: false } }, { id: missing })).status).toBe(404);

    const runs = await call(runsRoute.GET, "GET", `${path}/runs`, { session: viewer }, { id });
    expect(runs).toMatchObject({ status: 200, body: { runs: [] } });

    expect((await call(scheduleRoute.DELETE, "DELETE", path, {}, { id })).status).toBe(204);
    expect(await t.db.auditEvent.count({ where: { action: "drill_schedule.deleted", targetId: id } })).toBe(1);
    expect((await call(runsRoute.GET, "GET", `${path}/runs`, {}, { id })).status).toBe(404);
    expect((await call(scheduleRoute.DELETE, "DELETE", path, {}, { id })).status).toBe(404);
  });
});

describe("drill scheduler", () => {
  let now: Date;
  let started: ScheduledDrill[];
  let refuse: string | null;
  let inWindow: boolean;
  const errors: { msg: string; fields?: Record<string, unknown> }[] = [];
  const quiet = () => undefined;
  const log: Logger = { debug: quiet, info: quiet, warn: quiet, error: (msg, fields) => void errors.push({ msg, fields }), child: () => log };
  const schedulers: DrillScheduler[] = [];
  const missedReports: { scheduleId: string; count: number }[] = [];

  function scheduler(): DrillScheduler {
    const s = createDrillScheduler({
      db: t.db,
      log,
      clock: () => now,
      tickMs: 60_000,
      inMaintenanceWindow: () => inWindow,
      onMissed: (m) => void missedReports.push(m),
      start: async (drill) => {
        if (refuse) throw new AppError("CONFLICT", refuse);
        started.push(drill);
        return { operationId: randomUUID() };
      },
    });
    schedulers.push(s);
    return s;
  }

  /** Daily at 03:00 Berlin from 1 December 2026 (02:00 UTC), created the day before. */
  async function schedule(o: Partial<TCreateDrillScheduleRequest> = {}) {
    const req = { ...draft({ start: "2026-12-01T03:00" }), onlyInMaintenanceWindow: false, holdSeconds: 30, stopOnSeverity: "CRITICAL", enabled: true, ...o } as TCreateDrillScheduleRequest;
    return createDrillSchedule(t.db, systemActor, req, new Date("2026-11-30T12:00:00Z"));
  }
  const runsOf = (scheduleId: string) => t.db.scheduleRun.findMany({ where: { scheduleId }, orderBy: { dueAt: "asc" } });
  const row = (id: string) => t.db.schedule.findUniqueOrThrow({ where: { id } });

  beforeEach(async () => {
    await t.db.schedule.deleteMany();
    started = [];
    errors.length = 0;
    refuse = null;
    inWindow = false;
  });

  afterAll(async () => {
    for (const s of schedulers) await s.stop();
  });

  it("fires a due schedule exactly once, also with two schedulers, and records the operation", async () => {
    const s = await schedule();
    expect(s.nextRunAt).toBe("2026-12-01T02:00:00.000Z");
    const a = scheduler();
    const b = scheduler();
    now = new Date("2026-12-01T01:59:00Z");
    await a.start();
    expect(started).toEqual([]);

    now = new Date("2026-12-01T02:00:10Z");
    await Promise.all([a.tick(), b.tick(), a.tick()]);
    expect(started).toEqual([{ scheduleId: s.id, groupId: activePassive, mode: "dry-run", holdSeconds: 30, stopOnSeverity: "CRITICAL", dueAt: new Date("2026-12-01T02:00:00Z") }]);
    const runs = await runsOf(s.id);
    expect(runs).toEqual([expect.objectContaining({ outcome: "STARTED", dueAt: new Date("2026-12-01T02:00:00Z"), operationId: expect.any(String) })]);
    expect(await row(s.id)).toMatchObject({ nextRunAt: new Date("2026-12-02T02:00:00Z"), lastRunAt: now });

    const listed = await call(schedulesRoute.GET, "GET", "/api/v1/drill-schedules");
    expect(listed.body.schedules[0].lastRun).toMatchObject({ outcome: "STARTED", operationId: runs[0]!.operationId });
    await a.stop();
  });

  it("reports the runs missed while Tandem was down and runs the current one", async () => {
    const s = await schedule({ mode: "live", holdSeconds: 60 });
    const sch = scheduler();
    now = new Date("2026-12-05T02:01:00Z");
    await sch.tick();

    const runs = await runsOf(s.id);
    expect(runs.map((r) => [r.dueAt.toISOString(), r.outcome])).toEqual([
      ["2026-12-01T02:00:00.000Z", "MISSED"],
      ["2026-12-02T02:00:00.000Z", "MISSED"],
      ["2026-12-03T02:00:00.000Z", "MISSED"],
      ["2026-12-04T02:00:00.000Z", "MISSED"],
      ["2026-12-05T02:00:00.000Z", "STARTED"],
    ]);
    expect(runs[0]!.detail).toBe("Tandem was not running at 2026-12-01 03:00 Europe/Berlin (2026-12-01T02:00:00Z)");
    expect(started).toEqual([expect.objectContaining({ mode: "live", holdSeconds: 60, dueAt: new Date("2026-12-05T02:00:00Z") })]);
    expect(await t.db.auditEvent.findFirst({ where: { action: "drill_schedule.missed", targetId: s.id } })).toMatchObject({ details: expect.objectContaining({ missed: 4 }) });
    // And it is told (production: a "Scheduled drill missed" alert), once.
    expect(missedReports.filter((m) => m.scheduleId === s.id)).toEqual([expect.objectContaining({ count: 4 })]);
    expect((await row(s.id)).nextRunAt).toEqual(new Date("2026-12-06T02:00:00Z"));

    const api = await call(runsRoute.GET, "GET", `/api/v1/drill-schedules/${s.id}/runs`, {}, { id: s.id });
    expect(api.body.runs.map((r: { outcome: string }) => r.outcome)).toEqual(["STARTED", "MISSED", "MISSED", "MISSED", "MISSED"]);
  });

  it("skips a run outside a maintenance window when the schedule asks for one", async () => {
    const s = await schedule({ onlyInMaintenanceWindow: true });
    const sch = scheduler();
    now = new Date("2026-12-01T02:00:30Z");
    await sch.tick();
    expect(started).toEqual([]);
    expect(await runsOf(s.id)).toEqual([expect.objectContaining({ outcome: "SKIPPED", detail: "not inside a maintenance window", operationId: null })]);

    inWindow = true;
    now = new Date("2026-12-02T02:00:30Z");
    await sch.tick();
    expect(started).toHaveLength(1);
    expect((await runsOf(s.id)).map((r) => r.outcome)).toEqual(["SKIPPED", "STARTED"]);
  });

  it("records a drill that could not start as FAILED with why, and moves on to the next run", async () => {
    const s = await schedule();
    refuse = "An operation is already running on pg-main";
    const sch = scheduler();
    now = new Date("2026-12-01T02:00:05Z");
    await sch.tick();
    expect(await runsOf(s.id)).toEqual([expect.objectContaining({ outcome: "FAILED", detail: "An operation is already running on pg-main", operationId: null })]);
    expect((await row(s.id)).nextRunAt).toEqual(new Date("2026-12-02T02:00:00Z"));
  });

  it("one broken schedule does not stop the others", async () => {
    const good = await schedule();
    const broken = await schedule({ groupId: activeActive });
    await t.db.schedule.update({ where: { id: broken.id }, data: { params: { mode: "sideways" } } });
    const sch = scheduler();
    now = new Date("2026-12-01T02:00:05Z");
    await sch.tick();
    expect(started.map((d) => d.scheduleId)).toEqual([good.id]);
    expect((await row(good.id)).nextRunAt).toEqual(new Date("2026-12-02T02:00:00Z"));
    expect((await row(broken.id)).nextRunAt).toEqual(new Date("2026-12-01T02:00:00Z"));
    expect(errors).toEqual([expect.objectContaining({ msg: expect.stringMatching(/could not be settled/), fields: expect.objectContaining({ scheduleId: broken.id }) })]);
  });
});
