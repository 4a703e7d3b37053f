// Alerts end to end below the browser: faults injected in a simulated pair (real
// SSH, real monitoring) fire alerts through the real manager, a local webhook
// receiver gets the fire and the recovery, signed; ack and resolve go through
// the API; a restart picks the open alerts up again.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, log, startFailoverPair, type FailoverPair } from "../../test/integration/failover-pair";
import { callRoute, type RouteHandler } from "../../test/integration/http";
import { seedUser } from "../../test/integration/users";
import { createNotifier, type Notifier } from "../notifications/notifier";
import { createChannel } from "../notifications/create-channel";
import { systemActor } from "../auth/principal";
import { createAlertManager, type AlertManager } from "./alert-manager";
import { createAlertSources, type AlertSources } from "./alert-sources";
import { ALERT_EVENTS, type TAlert, type TAlertChangeEvent } from "./alerts.types";
import * as alertRoutes from "../../app/api/v1/alerts/route";
import * as ackRoutes from "../../app/api/v1/alerts/[id]/ack/route";
import * as resolveRoutes from "../../app/api/v1/alerts/[id]/resolve/route";
import * as ruleRoutes from "../../app/api/v1/alert-rules/[id]/route";
import * as alertRoute from "../../app/api/v1/alerts/[id]/route";

const SECRET = "it-signing-secret-0123456789";
type Received = { headers: IncomingHttpHeaders; raw: string; body: { event: string; alert: TAlert } };

let pair: FailoverPair;
let receiver: Server;
const received: Received[] = [];
let notifier: Notifier;
let manager: AlertManager;
let sources: AlertSources;
const changes: TAlertChangeEvent[] = [];
let operator: string;
let admin: string;

function startAlerts() {
  manager = createAlertManager({
    db: pair.t.db,
    log,
    tickMs: 200,
    emit: (room, event, payload) => {
      if (room === "alerts" && event === ALERT_EVENTS.change) changes.push(payload as TAlertChangeEvent);
    },
    notify: (a, e) => notifier.notify(a, e),
  });
  sources = createAlertSources({ db: pair.t.db, manager, health: pair.monitoring.engine, log, groupEveryMs: 500 });
  pair.rt.services.alerts = manager;
}

async function stopAlerts() {
  await sources.stop();
  await manager.stop();
  delete pair.rt.services.alerts;
}

beforeAll(async () => {
  // MANUAL: a down standby must not start anything; this file is about alerts.
  pair = await startFailoverPair({ net: "127.0.53", seed: 53, intervalMs: 300, group: { name: "alert-pair", failoverPolicy: "MANUAL" } });
  receiver = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const port = (receiver.address() as { port: number }).port;
  notifier = createNotifier({ db: pair.t.db, secretBox: pair.rt.secretBox, log, pollMs: 100, retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 200, timeoutMs: 2000 } });
  notifier.start();
  await createChannel(pair.t.db, pair.rt.secretBox, systemActor, { kind: "WEBHOOK", name: "ops-hook", url: `http://127.0.0.1:${port}/hook`, format: "json", signingSecret: SECRET, enabled: true, minSeverity: "WARNING", scope: {}, repeatIntervalMinutes: 15 });
  operator = (await seedUser(pair.t.db, "OPERATOR")).session;
  admin = (await seedUser(pair.t.db, "ADMIN")).session;
  startAlerts();
  await manager.start();
  await sources.start();
}, 120_000);

afterAll(async () => {
  await stopAlerts().catch(() => undefined);
  await notifier?.stop();
  await new Promise((r) => receiver?.close(r));
  await pair?.stop();
});

const open = () => pair.t.db.alert.findMany({ where: { state: { not: "RESOLVED" } }, orderBy: { firstSeenAt: "asc" } });
const receivedFor = (alertId: string) => received.filter((r) => r.body.alert?.id === alertId).map((r) => r.body.event);

function verify(r: Received): boolean {
  const ts = r.headers["x-tandem-timestamp"] as string;
  const sig = r.headers["x-tandem-signature"] as string;
  return sig === `sha256=${createHmac("sha256", SECRET).update(`${ts}.${r.raw}`).digest("hex")}`;
}

const call = (route: Record<string, unknown>, method: string, path: string, session: string, body?: unknown, params: Record<string, string> = {}) =>
  callRoute(route[method] as RouteHandler, method, path, { session, body }, params);

describe("alerts from a simulated fleet", () => {
  it("starts with the default rules and no alerts on a healthy pair", async () => {
    expect(await pair.t.db.alertRule.count({ where: { builtin: true } })).toBeGreaterThanOrEqual(15);
    await sources.evaluateGroups();
    await manager.settled();
    expect(await open()).toEqual([]);
  });

  it("a full disk fires exactly one alert (two rules hold; the stricter sets its severity), and it resolves when the disk is freed", async () => {
    await pair.sim.inject("db-b", "disk-full");
    const [alert] = await eventually(async () => {
      const a = await open();
      return a.length ? a : null;
    }, "a disk alert");
    // Let a few more polls pass: still one alert, not one per poll or per rule.
    await new Promise((r) => setTimeout(r, 1500));
    await manager.settled();
    const all = await open();
    expect(all).toHaveLength(1);
    expect(alert).toMatchObject({ source: "disk", severity: "CRITICAL", serverId: pair.serverIds["db-b"], count: 1 });
    await pair.sim.clear("db-b", "disk-full");
    await eventually(async () => (await pair.t.db.alert.findUnique({ where: { id: alert!.id } }))?.state === "RESOLVED", "the disk alert resolved");
    await eventually(() => receivedFor(alert!.id).length >= 2 && receivedFor(alert!.id), "fire and resolve delivered");
    expect(receivedFor(alert!.id)).toEqual(["fired", "resolved"]);
    for (const r of received.filter((x) => x.body.alert?.id === alert!.id)) expect(verify(r), "signature").toBe(true);
    expect(changes.filter((c) => c.alert.id === alert!.id).map((c) => c.change)).toEqual(["fired", "resolved"]);

    // Its page: the timeline, the deliveries, and what happened around it (db-b's state changes from the health history).
    const detail = await eventually(async () => {
      const d = await call(alertRoute, "GET", `/api/v1/alerts/${alert!.id}`, operator, undefined, { id: alert!.id });
      return d.body.context.stateChanges.some((c: { state: string }) => c.state === "DEGRADED") && d.body;
    }, "the alert's context with db-b's DEGRADED spell");
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(["fired", "resolved"]);
    expect(detail.deliveries.map((d: { event: string; state: string }) => [d.event, d.state])).toEqual([
      ["fired", "SENT"],
      ["resolved", "SENT"],
    ]);
    expect(detail.context.stateChanges.every((c: { serverName: string }) => c.serverName === "db-b")).toBe(true);
  });

  it("a host that goes down takes its service alert into one incident; its recovery resolves both and tells the receiver", async () => {
    // Service alerts hold 30 s by default: make it immediate for the test (and prove rule edits apply at once).
    const rule = await pair.t.db.alertRule.findFirstOrThrow({ where: { name: "Service stopped" } });
    const edited = await call(ruleRoutes, "PATCH", `/api/v1/alert-rules/${rule.id}`, admin, { condition: { forSeconds: 0 } }, { id: rule.id });
    expect(edited.status).toBe(200);

    await pair.sim.inject("db-b", "service-stopped");
    const service = await eventually(async () => (await open()).find((a) => a.source === "service"), "a service alert");
    await eventually(() => receivedFor(service.id).includes("fired"), "the service alert delivered");

    await pair.sim.inject("db-b", "down");
    const host = await eventually(async () => (await open()).find((a) => a.source === "host-down"), "a host-down alert", 20_000);
    await eventually(async () => (await pair.t.db.alert.findUnique({ where: { id: service.id } }))?.parentId === host.id, "the service alert folded in");

    // One open top-level alert for the server (the incident), as the API and the counter see it.
    const list = await call(alertRoutes, "GET", `/api/v1/alerts?state=open&topLevel=true&serverId=${pair.serverIds["db-b"]}`, operator);
    expect(list.status).toBe(200);
    expect(list.body.alerts.map((a: TAlert) => a.source)).toEqual(["host-down"]);
    expect(list.body.alerts[0].childCount).toBe(1);

    await pair.sim.clear("db-b", "down");
    await pair.sim.clear("db-b", "service-stopped");
    await eventually(async () => (await pair.t.db.alert.findUnique({ where: { id: host.id } }))?.state === "RESOLVED", "the incident resolved", 30_000);
    expect((await pair.t.db.alert.findUniqueOrThrow({ where: { id: service.id } })).state).toBe("RESOLVED");
    await eventually(() => receivedFor(host.id).includes("resolved") && receivedFor(service.id).includes("resolved"), "both recoveries delivered");
    expect(receivedFor(host.id)).toEqual(["fired", "resolved"]);
  });

  it("ack and resolve by API: who and why recorded, counts follow, a second ack is a conflict", async () => {
    await pair.sim.inject("db-a", "raid-degraded");
    const raid = await eventually(async () => (await open()).find((a) => a.source === "raid"), "a RAID alert");
    const acked = await call(ackRoutes, "POST", `/api/v1/alerts/${raid.id}/ack`, operator, { comment: "disk ordered" }, { id: raid.id });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ state: "ACKNOWLEDGED", ackComment: "disk ordered" });
    expect(acked.body.acknowledgedBy).toMatch(/operator-/);
    expect(changes.at(-1)).toMatchObject({ change: "acknowledged", counts: { firing: 0, acknowledged: 1 } });
    expect((await call(ackRoutes, "POST", `/api/v1/alerts/${raid.id}/ack`, operator, {}, { id: raid.id })).status).toBe(409);

    const resolved = await call(resolveRoutes, "POST", `/api/v1/alerts/${raid.id}/resolve`, operator, { comment: "replaced" }, { id: raid.id });
    expect(resolved.body).toMatchObject({ state: "RESOLVED", resolution: "resolved by hand: replaced" });
    expect(await pair.t.db.auditEvent.count({ where: { action: { in: ["alert.acknowledged", "alert.resolved"] }, targetId: raid.id } })).toBe(2);
    // Still degraded: no new alert until it has cleared once.
    await new Promise((r) => setTimeout(r, 1200));
    await manager.settled();
    expect((await open()).filter((a) => a.source === "raid")).toEqual([]);
    await pair.sim.clear("db-a", "raid-degraded");
  });

  it("after a restart, an open alert is picked up again and resolves when its condition clears", async () => {
    await pair.sim.inject("db-b", "disk-full");
    const disk = await eventually(async () => (await open()).find((a) => a.source === "disk"), "a disk alert");
    await stopAlerts();
    startAlerts();
    await manager.start();
    await sources.start();
    await pair.sim.clear("db-b", "disk-full");
    await eventually(async () => (await pair.t.db.alert.findUnique({ where: { id: disk.id } }))?.state === "RESOLVED", "resolved after the restart");
    expect(await pair.t.db.alert.count({ where: { source: "disk", state: { not: "RESOLVED" } } })).toBe(0);
  });

  it("a group losing its standby is AT RISK while it lasts (hold set to 0 s for the test)", async () => {
    const rule = await pair.t.db.alertRule.findFirstOrThrow({ where: { name: "Group at risk" } });
    expect((await call(ruleRoutes, "PATCH", `/api/v1/alert-rules/${rule.id}`, admin, { condition: { forSeconds: 0 } }, { id: rule.id })).status).toBe(200);
    await pair.sim.inject("db-b", "down");
    const group = await eventually(async () => (await open()).find((a) => a.source === "group-at-risk"), "a group alert", 20_000);
    expect(group).toMatchObject({ groupId: pair.groupId, severity: "WARNING", title: "alert-pair is AT RISK: 1 in service, minimum 1" });
    await pair.sim.clear("db-b", "down");
    await eventually(async () => (await pair.t.db.alert.findUnique({ where: { id: group.id } }))?.state === "RESOLVED", "the group alert resolved", 30_000);
    await pair.standbyReady("db-b");
  });

  it("an alert for a server in a maintenance window is suppressed, named, not announced; its recovery still goes out", async () => {
    manager.setSuppressor((s) => (s.serverId === pair.serverIds["db-a"] ? { windowId: "00000000-0000-4000-8000-0000000000aa", title: "kernel patching" } : null));
    try {
      const before = changes.length;
      await pair.sim.inject("db-a", "disk-full");
      const disk = await eventually(async () => (await open()).find((a) => a.source === "disk" && a.serverId === pair.serverIds["db-a"]), "a suppressed disk alert");
      expect(disk).toMatchObject({ suppressed: true, suppressedReason: 'in maintenance window "kernel patching"' });
      await pair.sim.clear("db-a", "disk-full");
      await eventually(() => receivedFor(disk.id).includes("resolved"), "the recovery delivered");
      expect(receivedFor(disk.id)).toEqual(["resolved"]);
      // Browsers hear of it (flagged suppressed, so no toast) and it never counts as firing.
      expect(changes.slice(before).filter((c) => c.alert.id === disk.id).every((c) => c.alert.suppressed && c.counts.firing === 0)).toBe(true);
    } finally {
      manager.setSuppressor(null);
    }
  });

  it("failover refusals and failed operations become alerts on their group; a repeated refusal counts up", async () => {
    sources.onAutoDecision({ groupId: pair.groupId, refused: "cooldown", reasons: ["db-a is DOWN but alert-pair is in its cooldown"] });
    sources.onAutoDecision({ groupId: pair.groupId, refused: "cooldown", reasons: ["again"] });
    const refused = await eventually(async () => {
      await manager.settled();
      const a = await pair.t.db.alert.findFirst({ where: { source: "failover-refused" } });
      return a && a.count === 2 ? a : null;
    }, "a refused-failover alert counted twice");
    expect(refused).toMatchObject({ severity: "CRITICAL", groupId: pair.groupId, state: "FIRING", title: "Automatic failover of alert-pair refused (cooldown)" });

    const op = await pair.t.db.operation.create({ data: { kind: "SWITCHOVER", state: "FAILED", groupId: pair.groupId, initiator: "it", reason: "test", outcome: "promote hook exited 1" } });
    sources.onOperationState({ operationId: op.id, state: "FAILED", currentStep: 2, startedAt: null, endedAt: null, outcome: op.outcome });
    const failed = await eventually(async () => {
      await manager.settled();
      return pair.t.db.alert.findFirst({ where: { source: "operation-failed", operationId: op.id } });
    }, "an operation-failed alert");
    expect(failed).toMatchObject({ severity: "CRITICAL", title: "Switchover of alert-pair failed", groupId: pair.groupId });

    // A paused operation waits for a person: an alert while it is paused, resolved once it runs again.
    const paused = await pair.t.db.operation.create({ data: { kind: "FAILOVER", state: "PAUSED", groupId: pair.groupId, initiator: "it", reason: "test", outcome: "step 3 timed out" } });
    sources.onOperationState({ operationId: paused.id, state: "PAUSED", currentStep: 3, startedAt: null, endedAt: null, outcome: paused.outcome });
    const pauseAlert = await eventually(async () => {
      await manager.settled();
      return pair.t.db.alert.findFirst({ where: { source: "operation-paused", operationId: paused.id, state: "FIRING" } });
    }, "an operation-paused alert");
    sources.onOperationState({ operationId: paused.id, state: "RUNNING", currentStep: 3, startedAt: null, endedAt: null, outcome: null });
    await eventually(async () => {
      await manager.settled();
      return (await pair.t.db.alert.findUnique({ where: { id: pauseAlert.id } }))?.state === "RESOLVED";
    }, "the pause alert resolved on resume");

    sources.onDrillMissed({ scheduleId: "00000000-0000-4000-8000-0000000000bb", groupId: pair.groupId, count: 3, first: new Date("2026-12-01T02:00:00Z"), last: new Date("2026-12-03T02:00:00Z") });
    const missed = await eventually(async () => {
      await manager.settled();
      return pair.t.db.alert.findFirst({ where: { source: "drill-missed" } });
    }, "a missed-drill alert");
    expect(missed).toMatchObject({ severity: "WARNING", groupId: pair.groupId, title: "Scheduled drill of alert-pair missed 3 run(s) while Tandem was not running" });
  });

  it("an automatic failover's 'started' alert ends with its operation, whatever the outcome; a failure's own alert carries on", async () => {
    const started = async (op: { id: string }) => {
      await manager.settled();
      return pair.t.db.alert.findFirst({ where: { source: "failover-performed", operationId: op.id } });
    };
    // One live operation per group: each one here is ended before the next begins.
    await pair.t.db.operation.updateMany({ where: { groupId: pair.groupId, state: { in: ["PLANNED", "RUNNING", "PAUSED"] } }, data: { state: "ABORTED" } });
    const newOp = () => pair.t.db.operation.create({ data: { kind: "FAILOVER", state: "RUNNING", groupId: pair.groupId, initiator: "auto", reason: "automatic failover: db-a confirmed DOWN" } });
    const markEnded = (op: { id: string }, state: "FAILED" | "SUCCEEDED" | "ABORTED") => pair.t.db.operation.update({ where: { id: op.id }, data: { state, endedAt: new Date() } });
    const end = (op: { id: string }, state: "FAILED" | "SUCCEEDED", outcome: string) =>
      sources.onOperationState({ operationId: op.id, state, currentStep: 3, startedAt: null, endedAt: null, outcome });

    // Failed: "started" resolves, "failed" stays FIRING beside nothing.
    const failing = await newOp();
    sources.onAutoDecision({ groupId: pair.groupId, started: { id: failing.id, reason: failing.reason } as never, done: Promise.resolve() as never });
    expect(await eventually(() => started(failing), "the 'started' alert", 8000)).toMatchObject({ state: "FIRING", title: "Automatic failover of alert-pair started" });
    await markEnded(failing, "FAILED");
    end(failing, "FAILED", "fencing failed");
    await eventually(async () => (await started(failing))?.state === "RESOLVED", "'started' resolved when the failover failed", 8000);
    expect((await started(failing))!.resolution).toBe("the failover ended: failed");
    const failedAlert = await eventually(async () => {
      await manager.settled();
      return pair.t.db.alert.findFirst({ where: { source: "operation-failed", operationId: failing.id } });
    }, "the failure's own alert");
    expect(failedAlert).toMatchObject({ state: "FIRING", title: "Failover of alert-pair failed" });

    // A failover so fast it ended before its decision arrived still resolves.
    const quick = await newOp();
    await markEnded(quick, "SUCCEEDED");
    end(quick, "SUCCEEDED", "all steps succeeded");
    sources.onAutoDecision({ groupId: pair.groupId, started: { id: quick.id, reason: quick.reason } as never, done: Promise.resolve() as never });
    await eventually(async () => (await started(quick))?.state === "RESOLVED", "a quick failover's 'started' resolved");

    // An alert left open by an earlier Tandem (or a restart) whose operation has ended is resolved at start.
    const stale = await newOp();
    sources.onAutoDecision({ groupId: pair.groupId, started: { id: stale.id, reason: stale.reason } as never, done: Promise.resolve() as never });
    await eventually(async () => (await started(stale))?.state === "FIRING", "the stale 'started' alert");
    await stopAlerts();
    await markEnded(stale, "ABORTED");
    startAlerts();
    await manager.start();
    await sources.start();
    await eventually(async () => (await started(stale))?.state === "RESOLVED", "the stale 'started' alert resolved after a restart");
    expect((await started(stale))!.resolution).toBe("the failover ended: aborted");
  });

  it("a condition that flips on and off is damped into one flapping alert, resolved once quiet (injected clock)", async () => {
    let now = Date.parse("2026-12-01T00:00:00Z");
    const m = createAlertManager({ db: pair.t.db, log, clock: () => new Date(now) });
    const flip = (active: boolean) =>
      m.signal({ key: `memory:${pair.serverIds["db-a"]}`, source: "memory", active, event: false, severity: "WARNING", title: "db-a: memory ≥ 90%", details: {}, ruleId: null, serverId: pair.serverIds["db-a"]!, groupId: null, operationId: null });
    for (const active of [true, false, true, false, true, false]) {
      flip(active);
      await m.settled();
      now += 60_000;
    }
    const rows = await pair.t.db.alert.findMany({ where: { dedupKey: `memory:${pair.serverIds["db-a"]}` }, orderBy: { firstSeenAt: "asc" } });
    // Six changes in six minutes: the first cycle fired and resolved; the second alert turned flapping and stays open, counting.
    expect(rows.map((r) => [r.state, r.flapping, r.count])).toEqual([
      ["RESOLVED", false, 1],
      ["FIRING", true, 2],
    ]);
    expect(rows[1]!.title).toBe("db-a: memory ≥ 90%");
    now += 5 * 60_000;
    await m.tick();
    expect((await pair.t.db.alert.findUniqueOrThrow({ where: { id: rows[1]!.id } })).resolution).toMatch(/stable again for 5 min after flapping/);
  });
});
