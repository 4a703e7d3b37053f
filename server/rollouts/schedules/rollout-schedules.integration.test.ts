// Rollout schedules against a real Postgres: the API's checks (strict bodies, a
// custom command only from an admin) and audit, and the one scheduler firing
// ROLLOUT schedules through the real startRollout into a real operations
// engine (its ROLLOUT driver stubbed: the rollout itself is tested in
// test/integration/rollout.integration.test.ts): a due run starts one rollout
// even with two schedulers ticking; nothing to patch is FAILED with why; a
// downtime is MISSED; drills and rollouts are settled by the same scheduler.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "../../../test/integration/database";
import { callRoute, type CallOptions, type RouteHandler } from "../../../test/integration/http";
import { seedUser } from "../../../test/integration/users";
import * as schedulesRoute from "../../../app/api/v1/rollout-schedules/route";
import * as scheduleRoute from "../../../app/api/v1/rollout-schedules/[id]/route";
import * as runsRoute from "../../../app/api/v1/rollout-schedules/[id]/runs/route";
import { systemActor } from "../../auth/principal";
import type { Logger } from "../../lib/logger";
import { createOperationsEngine, type OperationsEngine } from "../../operations/engine";
import { getOperation } from "../../operations/get-operation";
import { createScheduler, type Scheduler } from "../../schedules/scheduler";
import { drillScheduleKind, type ScheduledDrill } from "../../drills/schedules/drill-scheduler";
import { createDrillSchedule } from "../../drills/schedules/save-drill-schedule";
import type { TCreateDrillScheduleRequest } from "../../drills/drills.types";
import { getRollout } from "../rollout-dto";
import { ZCreateRolloutScheduleRequest, type TCreateRolloutScheduleInput } from "./rollout-schedules.types";
import { createRolloutSchedule } from "./save-rollout-schedule";
import { rolloutScheduleKind } from "./rollout-schedule-kind";

let t: TestDatabase;
let operator: string;
let admin: string;
let viewer: string;
let engine: OperationsEngine;
const driven: string[] = [];

const quiet = () => undefined;
const errors: string[] = [];
const log: Logger = { debug: quiet, info: quiet, warn: quiet, error: (msg) => void errors.push(msg), child: () => log };

const call = (h: RouteHandler | undefined, method: string, path: string, o: CallOptions = {}, params: Record<string, string> = {}) => callRoute(h, method, path, { session: operator, ...o }, params);

const draft = (o: Partial<TCreateRolloutScheduleInput> = {}, rollout: Partial<TCreateRolloutScheduleInput["rollout"]> = {}): TCreateRolloutScheduleInput => ({
  start: "2031-06-01T03:00",
  timezone: "Europe/Berlin",
  rrule: "FREQ=WEEKLY;BYDAY=SU",
  ...o,
  rollout: { targets: { tags: ["web"] }, batches: [1, "50%"], reason: "weekly patching", ...rollout },
});

beforeAll(async () => {
  t = await createTestDatabase();
  await installTestRuntime(t.db);
  operator = (await seedUser(t.db, "OPERATOR")).session;
  admin = (await seedUser(t.db, "ADMIN")).session;
  viewer = (await seedUser(t.db, "VIEWER")).session;
  // Healthy, reachable web servers (no agent sample: pending updates unknown, so they are patched).
  await t.db.server.createMany({ data: ["web-1", "web-2"].map((name, i) => ({ name, address: `10.0.1.${i + 1}`, tags: ["web"], state: "UP" as const })) });
  await t.db.server.create({ data: { name: "db-down", address: "10.0.2.1", tags: ["db"], state: "DOWN" } });
  engine = createOperationsEngine({
    db: t.db,
    actions: {},
    log,
    drivers: {
      // Ends the rollout at once: what is under test is that the schedule started it.
      ROLLOUT: {
        async drive(deps, id) {
          driven.push(id);
          await deps.db.operation.update({ where: { id }, data: { state: "SUCCEEDED", endedAt: new Date(), outcome: "stubbed" } });
          return (await getOperation(deps.db, id))!;
        },
      },
    },
  });
  await engine.start();
});

afterAll(async () => {
  await engine?.stop();
  await t?.drop();
});

describe("rollout schedules API", () => {
  it("validates strictly, creates with the next run, lists, updates, shows runs and deletes, auditing each change", async () => {
    const post = (body: unknown, session = operator) => call(schedulesRoute.POST, "POST", "/api/v1/rollout-schedules", { body, session });

    const unknownTop = await post({ ...draft(), groupId: randomUUID() });
    expect(unknownTop.status).toBe(400);
    const unknownNested = await post(draft({}, { targets: { tags: ["web"] }, batchez: [1] } as never));
    expect(unknownNested.status).toBe(400);
    expect(unknownNested.body.errors.map((e: { path: string }) => e.path).join(" ")).toMatch(/body\.rollout/);
    const badRule = await post(draft({ rrule: "FREQ=HOURLY" }));
    expect(badRule.status).toBe(400);
    expect(badRule.body.errors.map((e: { path: string }) => e.path)).toContain("body.rrule");
    const noReason = await post(draft({}, { reason: "" }));
    expect(noReason.status).toBe(400);
    const noWindow = await post(draft({}, { windowId: randomUUID() }));
    expect(noWindow.status).toBe(400);
    expect(noWindow.body.errors).toEqual([{ path: "body.rollout.windowId", message: "no such maintenance window" }]);
    expect((await post(draft(), viewer)).status).toBe(403);

    const custom = draft({}, { command: { kind: "custom", script: "apt-get -y upgrade" } });
    const refused = await post(custom);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/Only an admin may schedule a custom patch command/);
    expect(await t.db.schedule.count({ where: { kind: "ROLLOUT" } })).toBe(0);

    const created = await post(draft());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      start: "2031-06-01T03:00",
      timezone: "Europe/Berlin",
      enabled: true,
      nextRunAt: "2031-06-01T01:00:00.000Z",
      lastRunAt: null,
      lastRun: null,
      rollout: { targets: { tags: ["web"], serverIds: [] }, batches: [1, "50%"], rebootPolicy: "if-required", command: { kind: "all" }, reason: "weekly patching" },
    });
    expect(created.body.recurrenceText).toMatch(/Europe\/Berlin/);
    const id: string = created.body.id;
    expect(await t.db.auditEvent.findFirst({ where: { action: "rollout_schedule.created", targetId: id } })).toMatchObject({ details: expect.objectContaining({ rrule: "FREQ=WEEKLY;BYDAY=SU" }) });

    const byAdmin = await post(custom, admin);
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.rollout.command).toEqual({ kind: "custom", script: "apt-get -y upgrade" });

    const list = await call(schedulesRoute.GET, "GET", "/api/v1/rollout-schedules", { session: viewer });
    expect(list.body.schedules.map((s: { id: string }) => s.id)).toEqual([id, byAdmin.body.id]);
    // Drill schedules share the table but not this list.
    expect(list.body.schedules).toHaveLength(2);

    const path = `/api/v1/rollout-schedules/${id}`;
    const patch = (sid: string, body: unknown, session = operator) => call(scheduleRoute.PATCH, "PATCH", `/api/v1/rollout-schedules/${sid}`, { body, session }, { id: sid });
    const updated = await patch(id, { rrule: "FREQ=WEEKLY;BYDAY=MO", rollout: draft({}, { rebootPolicy: "always", command: { kind: "security" } }).rollout });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ nextRunAt: "2031-06-02T01:00:00.000Z", rollout: { rebootPolicy: "always", command: { kind: "security" } } });
    expect(await t.db.auditEvent.count({ where: { action: "rollout_schedule.updated", targetId: id } })).toBe(1);
    expect((await patch(id, {})).status).toBe(400);
    expect((await patch(id, { enabled: false, color: "red" })).status).toBe(400);
    // An operator may not turn a schedule into a custom command, nor re-time an admin's; pausing it is fine.
    expect((await patch(id, { rollout: custom.rollout })).status).toBe(403);
    expect((await patch(byAdmin.body.id, { rrule: "FREQ=DAILY" })).status).toBe(403);
    expect((await patch(byAdmin.body.id, { enabled: false })).body).toMatchObject({ enabled: false });
    expect((await patch(byAdmin.body.id, { enabled: true })).status).toBe(403);
    expect((await patch(byAdmin.body.id, { enabled: true }, admin)).body).toMatchObject({ enabled: true });
    const missing = randomUUID();
    expect((await patch(missing, { enabled: false })).status).toBe(404);

    expect(await call(runsRoute.GET, "GET", `${path}/runs`, { session: viewer }, { id })).toMatchObject({ status: 200, body: { runs: [] } });
    expect((await call(scheduleRoute.DELETE, "DELETE", path, { session: viewer }, { id })).status).toBe(403);
    expect((await call(scheduleRoute.DELETE, "DELETE", path, {}, { id })).status).toBe(204);
    expect(await t.db.auditEvent.count({ where: { action: "rollout_schedule.deleted", targetId: id } })).toBe(1);
    expect((await call(runsRoute.GET, "GET", `${path}/runs`, {}, { id })).status).toBe(404);
    expect((await call(scheduleRoute.DELETE, "DELETE", path, {}, { id })).status).toBe(404);
  });
});

describe("scheduled rollouts", () => {
  let now: Date;
  const schedulers: Scheduler[] = [];
  const drills: ScheduledDrill[] = [];

  function scheduler(): Scheduler {
    const s = createScheduler({
      db: t.db,
      log,
      clock: () => now,
      tickMs: 3_600_000,
      kinds: {
        DRILL: drillScheduleKind({ inMaintenanceWindow: () => false, start: async (d) => (drills.push(d), { operationId: randomUUID() }) }),
        ROLLOUT: rolloutScheduleKind({ db: t.db, live: undefined, engine, clock: () => now }),
      },
    });
    schedulers.push(s);
    return s;
  }

  /** Daily at 03:00 Berlin from 1 December 2026 (02:00 UTC), created the day before. */
  async function schedule(rollout: Partial<TCreateRolloutScheduleInput["rollout"]> = {}, isAdmin = false) {
    const req = ZCreateRolloutScheduleRequest.parse(draft({ start: "2026-12-01T03:00", rrule: "FREQ=DAILY" }, rollout));
    return createRolloutSchedule(t.db, systemActor, req, { isAdmin, now: new Date("2026-11-30T12:00:00Z") });
  }
  const runsOf = (scheduleId: string) => t.db.scheduleRun.findMany({ where: { scheduleId }, orderBy: { dueAt: "asc" } });
  const rollouts = () => t.db.operation.findMany({ where: { kind: "ROLLOUT" } });

  beforeEach(async () => {
    await t.db.schedule.deleteMany();
    await t.db.operation.deleteMany();
    driven.length = 0;
    drills.length = 0;
    errors.length = 0;
  });

  afterAll(async () => {
    for (const s of schedulers) await s.stop();
  });

  it("starts a due rollout exactly once, also with two schedulers ticking, on behalf of the schedule", async () => {
    const s = await schedule();
    expect(s.nextRunAt).toBe("2026-12-01T02:00:00.000Z");
    const a = scheduler();
    const b = scheduler();
    now = new Date("2026-12-01T01:59:00Z");
    await Promise.all([a.tick(), b.tick()]);
    expect(await rollouts()).toEqual([]);

    now = new Date("2026-12-01T02:00:10Z");
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    const ops = await rollouts();
    expect(ops).toHaveLength(1);
    expect(driven).toEqual([ops[0]!.id]);
    expect(ops[0]).toMatchObject({ initiator: `rollout schedule ${s.id}`, reason: "weekly patching (scheduled, due 2026-12-01T02:00:00.000Z)" });
    const rollout = await getRollout(t.db, ops[0]!.id);
    expect(rollout).toMatchObject({ scheduleId: s.id, hosts: 2, batches: 2 });
    expect(rollout.hostList.map((h) => h.name).sort()).toEqual(["web-1", "web-2"]);

    const runs = await runsOf(s.id);
    expect(runs).toEqual([expect.objectContaining({ outcome: "STARTED", dueAt: new Date("2026-12-01T02:00:00Z"), operationId: ops[0]!.id, detail: "started a rollout (all updates)" })]);
    expect(await t.db.schedule.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ nextRunAt: new Date("2026-12-02T02:00:00Z"), lastRunAt: now });
    const listed = await call(schedulesRoute.GET, "GET", "/api/v1/rollout-schedules");
    expect(listed.body.schedules[0].lastRun).toMatchObject({ outcome: "STARTED", operationId: ops[0]!.id });
    expect(errors).toEqual([]);
  });

  it("a custom command saved by an admin runs as one", async () => {
    const s = await schedule({ command: { kind: "custom", script: "true" } }, true);
    now = new Date("2026-12-01T02:00:10Z");
    await scheduler().tick();
    expect(await runsOf(s.id)).toEqual([expect.objectContaining({ outcome: "STARTED" })]);
    expect((await getRollout(t.db, (await rollouts())[0]!.id)).settings.command).toEqual({ kind: "custom", script: "true" });
  });

  it("records a run with nothing to patch as FAILED with why, and moves on to the next run", async () => {
    const down = await schedule({ targets: { tags: ["db"] } });
    const nobody = await schedule({ targets: { tags: ["nobody"] } });
    now = new Date("2026-12-01T02:00:05Z");
    await scheduler().tick();
    expect(await rollouts()).toEqual([]);
    expect(await runsOf(down.id)).toEqual([expect.objectContaining({ outcome: "FAILED", operationId: null, detail: expect.stringMatching(/^Nothing to patch: 1 server\(s\) cannot be scheduled \(db-down: .*down/i) })]);
    expect(await runsOf(nobody.id)).toEqual([expect.objectContaining({ outcome: "FAILED", detail: "Nothing to patch: the targets name no enabled server" })]);
    expect((await t.db.schedule.findUniqueOrThrow({ where: { id: down.id } })).nextRunAt).toEqual(new Date("2026-12-02T02:00:00Z"));
  });

  it("records the runs missed while Tandem was down, audits them, and starts the current one", async () => {
    const s = await schedule();
    now = new Date("2026-12-04T02:01:00Z");
    await scheduler().tick();
    const runs = await runsOf(s.id);
    expect(runs.map((r) => [r.dueAt.toISOString(), r.outcome])).toEqual([
      ["2026-12-01T02:00:00.000Z", "MISSED"],
      ["2026-12-02T02:00:00.000Z", "MISSED"],
      ["2026-12-03T02:00:00.000Z", "MISSED"],
      ["2026-12-04T02:00:00.000Z", "STARTED"],
    ]);
    expect(runs[0]!.detail).toBe("Tandem was not running at 2026-12-01 03:00 Europe/Berlin (2026-12-01T02:00:00Z)");
    expect(await rollouts()).toHaveLength(1);
    expect(await t.db.auditEvent.findFirst({ where: { action: "rollout_schedule.missed", targetId: s.id } })).toMatchObject({ details: expect.objectContaining({ missed: 3 }) });
    const api = await call(runsRoute.GET, "GET", `/api/v1/rollout-schedules/${s.id}/runs`, { session: viewer }, { id: s.id });
    expect(api.body.runs.map((r: { outcome: string }) => r.outcome)).toEqual(["STARTED", "MISSED", "MISSED", "MISSED"]);
  });

  it("settles drill and rollout schedules in the same tick", async () => {
    const group = await t.db.redundancyGroup.create({ data: { name: "pg", mode: "ACTIVE_PASSIVE" } });
    const drillReq = { groupId: group.id, mode: "dry-run", start: "2026-12-01T03:00", timezone: "Europe/Berlin", rrule: "FREQ=DAILY", onlyInMaintenanceWindow: false, holdSeconds: 30, stopOnSeverity: "CRITICAL", enabled: true } as TCreateDrillScheduleRequest;
    const drill = await createDrillSchedule(t.db, systemActor, drillReq, new Date("2026-11-30T12:00:00Z"));
    const rollout = await schedule();
    now = new Date("2026-12-01T02:00:05Z");
    await scheduler().tick();
    expect(drills.map((d) => d.scheduleId)).toEqual([drill.id]);
    expect(await rollouts()).toHaveLength(1);
    expect((await runsOf(rollout.id)).map((r) => r.outcome)).toEqual(["STARTED"]);
    expect((await runsOf(drill.id)).map((r) => r.outcome)).toEqual(["STARTED"]);
  });
});
