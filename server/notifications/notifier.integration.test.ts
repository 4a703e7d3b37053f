// Webhook channels and deliveries against real Postgres and a real HTTP
// receiver on loopback: the API, routing, flood guard, signing, retries and
// "send test".
import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase, type TestRuntime } from "../../test/integration/database";
import { callRoute, type CallOptions, type RouteHandler } from "../../test/integration/http";
import { seedUser } from "../../test/integration/users";
import { startHttpReceiver, waitFor, type HttpReceiver, type Received, type Reply } from "../../test/integration/http-receiver";
import * as channelsRoute from "../../app/api/v1/notification-channels/route";
import * as channelRoute from "../../app/api/v1/notification-channels/[id]/route";
import * as testRoute from "../../app/api/v1/notification-channels/[id]/test/route";
import * as deliveriesRoute from "../../app/api/v1/notification-channels/[id]/deliveries/route";
import type { TAlert, TSeverity } from "../alerts/alerts.types";
import { alertInclude, toAlertDto } from "../alerts/alert-dto";
import { createNotifier, type Notifier } from "./notifier";


const SECRET = "webhook-signing-secret-for-tests";

let t: TestDatabase;
let rt: TestRuntime;
let admin: string;
let notifier: Notifier;
let receiver: HttpReceiver;
let base: string;
/** Per path: the statuses to answer, in turn (the last one repeats); 200 when unset. */
let script: HttpReceiver["script"];

const call = (h: RouteHandler | undefined, method: string, path: string, o: CallOptions = {}, params: Record<string, string> = {}) => callRoute(h, method, path, { session: admin, ...o }, params);


const hits = (path: string) => receiver.hits(path);

function verify(r: Received, secret = SECRET): boolean {
  const ts = String(r.headers["x-tandem-timestamp"]);
  const expected = Buffer.from("sha256=" + createHmac("sha256", secret).update(`${ts}.${r.raw}`).digest("hex"));
  const got = Buffer.from(String(r.headers["x-tandem-signature"] ?? ""));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

let seq = 0;
/** A server of its own per test, so channels scoped to it see only that test's alerts. */
async function seedServer(o: { tags?: string[]; siteId?: string } = {}) {
  return t.db.server.create({ data: { name: `srv-${++seq}-${Math.random().toString(36).slice(2, 6)}`, address: "10.0.0.1", tags: o.tags ?? [], siteId: o.siteId ?? null } });
}

async function seedAlert(server: { id: string; name: string } | null, severity: TSeverity = "CRITICAL", group: { id: string } | null = null): Promise<TAlert> {
  const a = await t.db.alert.create({
    data: { dedupKey: `test:${++seq}`, source: "host-state", severity, title: `${server?.name ?? "fleet"} is DOWN`, serverId: server?.id ?? null, groupId: group?.id ?? null },
    include: alertInclude,
  });
  return toAlertDto(a);
}

const createChannel = (body: Record<string, unknown>) => call(channelsRoute.POST, "POST", "/api/v1/notification-channels", { body });
const deliveriesOf = (channelId: string) => t.db.alertDelivery.findMany({ where: { channelId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

beforeAll(async () => {
  t = await createTestDatabase();
  rt = await installTestRuntime(t.db);
  admin = (await seedUser(t.db, "ADMIN")).session;
  receiver = await startHttpReceiver((_r, scripted): Reply => {
    const status = scripted ?? 200;
    if (status === 302) return { status, headers: { location: "https://elsewhere.example/hook" } };
    return { status, headers: { "content-type": "text/plain" }, body: status >= 400 ? `receiver says ${status}: ${"x".repeat(5000)}` : "ok" };
  });
  ({ base, script } = receiver);
  notifier = createNotifier({ db: t.db, secretBox: rt.secretBox, log: rt.log, retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 200, timeoutMs: 2000 }, pollMs: 50 });
  notifier.start();
});

afterAll(async () => {
  await notifier?.stop();
  await receiver?.close();
  await t?.drop();
});

describe("channels API", () => {
  it("creates a channel with its URL and secret sealed; responses and audit show only a preview", async () => {
    const url = `${base}/hooks/T0SECRET/B0SECRET/tokenABCD`;
    const created = await createChannel({ name: "ops-webhook", url, signingSecret: SECRET, minSeverity: "CRITICAL", repeatIntervalMinutes: 5 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "ops-webhook", kind: "WEBHOOK", format: "json", hasSigningSecret: true, secretReadable: true, minSeverity: "CRITICAL", lastDelivery: null });
    expect(created.body.urlPreview).toBe(`${base}/…/ABCD`);
    expect(created.raw).not.toContain("T0SECRET");
    expect(created.raw).not.toContain(SECRET);

    const row = await t.db.notificationChannel.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(Buffer.from(row.secretCiphertext!).toString("latin1")).not.toContain("T0SECRET");
    expect(JSON.stringify(row.config)).not.toContain("T0SECRET");
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "channel.created", targetId: row.id } });
    expect(JSON.stringify(audit.details)).not.toContain("T0SECRET");
    expect(JSON.stringify(audit.details)).not.toContain(SECRET);

    const dup = await createChannel({ name: "OPS-webhook", url });
    expect(dup.status).toBe(409);

    const list = await call(channelsRoute.GET, "GET", "/api/v1/notification-channels");
    expect(list.status).toBe(200);
    expect(list.body.channels.map((c: { name: string }) => c.name)).toContain("ops-webhook");
    expect(list.raw).not.toContain("T0SECRET");
  });

  it("edits, removes signing, re-masks a new URL, and deletes (audited; unknown id is 404)", async () => {
    const c = (await createChannel({ name: "editable", url: `${base}/a/first`, signingSecret: SECRET })).body;
    const p = (body: Record<string, unknown>, id = c.id) => call(channelRoute.PATCH, "PATCH", `/api/v1/notification-channels/${id}`, { body }, { id });
    const edited = await p({ name: "edited", signingSecret: null, url: `${base}/b/second`, enabled: false });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: "edited", hasSigningSecret: false, enabled: false, urlPreview: `${base}/…/cond` });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "channel.updated", targetId: c.id } });
    expect(audit.details).toMatchObject({ signingSecret: "removed", name: "edited", renamed: { from: "editable", to: "edited" } });
    expect(JSON.stringify(audit.details)).not.toContain("/b/second");

    expect((await p({ name: "x" }, "0194a3c0-0000-7000-8000-000000000000")).status).toBe(404);
    const del = await call(channelRoute.DELETE, "DELETE", `/api/v1/notification-channels/${c.id}`, {}, { id: c.id });
    expect(del.status).toBe(204);
    expect(await t.db.auditEvent.count({ where: { action: "channel.deleted", targetId: c.id } })).toBe(1);
    expect((await call(channelRoute.DELETE, "DELETE", `/api/v1/notification-channels/${c.id}`, {}, { id: c.id })).status).toBe(404);
  });
});

describe("delivery", () => {
  it("sends fired then resolved, in order, signed, with the alert as payload", async () => {
    const server = await seedServer();
    const ch = (await createChannel({ name: "ordered", url: `${base}/ordered`, signingSecret: SECRET, scope: { serverIds: [server.id] } })).body;
    const alert = await seedAlert(server);
    await notifier.notify(alert, "fired");
    await notifier.notify({ ...alert, state: "RESOLVED", resolvedAt: new Date().toISOString() }, "resolved");

    await waitFor("both deliveries sent", async () => (await deliveriesOf(ch.id)).filter((d) => d.state === "SENT").length === 2);
    const got = hits("/ordered");
    expect(got.map((r) => r.body.event)).toEqual(["fired", "resolved"]);
    const rows = await deliveriesOf(ch.id);
    for (const [i, r] of got.entries()) {
      expect(verify(r)).toBe(true);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["x-tandem-event"]).toBe(r.body.event);
      expect(r.headers["x-tandem-delivery"]).toBe(rows[i]!.id);
      expect(r.body).toMatchObject({ version: 1, alert: { id: alert.id, title: alert.title, severity: "CRITICAL", server: { id: server.id } } });
      expect(r.body).toEqual(rows[i]!.payload);
    }
    expect(got[1]!.body.alert.state).toBe("RESOLVED");
  });

  it("retries a failing receiver and records the failures; the retry carries the same body", async () => {
    const server = await seedServer();
    const ch = (await createChannel({ name: "flaky", url: `${base}/flaky`, scope: { serverIds: [server.id] } })).body;
    script.set("/flaky", [500, 500, 200]);
    await notifier.notify(await seedAlert(server), "fired");

    const d = await waitFor("delivery sent", async () => (await deliveriesOf(ch.id)).find((r) => r.state === "SENT"));
    expect(d.attempts).toBe(3);
    expect(d.lastStatus).toBe(200);
    expect(d.lastError).toMatch(/^HTTP 500 .*receiver says 500/);
    expect(d.lastError!.length).toBeLessThan(2200);
    const got = hits("/flaky");
    expect(got).toHaveLength(3);
    expect(new Set(got.map((r) => r.raw)).size).toBe(1);
    expect(new Set(got.map((r) => r.headers["x-tandem-delivery"])).size).toBe(1);
    expect(got[0]!.headers["x-tandem-signature"]).toBeUndefined();
  });

  it("gives up after maxAttempts with the last error, and does not follow redirects", async () => {
    const server = await seedServer();
    const down = (await createChannel({ name: "down", url: `${base}/down`, scope: { serverIds: [server.id] } })).body;
    const moved = (await createChannel({ name: "moved", url: `${base}/moved`, scope: { serverIds: [server.id] } })).body;
    script.set("/down", [503]);
    script.set("/moved", [302]);
    await notifier.notify(await seedAlert(server), "fired");

    const failed = await waitFor("delivery failed", async () => (await deliveriesOf(down.id)).find((r) => r.state === "FAILED"));
    expect(failed).toMatchObject({ attempts: 3, lastStatus: 503 });
    expect(failed.lastError).toMatch(/^HTTP 503/);
    expect(hits("/down")).toHaveLength(3);

    const redirected = await waitFor("redirect failed", async () => (await deliveriesOf(moved.id)).find((r) => r.state === "FAILED"));
    expect(redirected.lastStatus).toBe(302);
    expect(redirected.lastError).toContain("https://elsewhere.example/hook");
  });

  it("flood guard drops a repeat within the interval; resolved still goes", async () => {
    const server = await seedServer();
    const ch = (await createChannel({ name: "guarded", url: `${base}/guarded`, scope: { serverIds: [server.id] }, repeatIntervalMinutes: 15 })).body;
    const alert = await seedAlert(server);
    await notifier.notify(alert, "fired");
    await notifier.notify({ ...alert, count: 2 }, "repeated");
    await notifier.notify({ ...alert, state: "RESOLVED" }, "resolved");

    await waitFor("fired and resolved sent", async () => (await deliveriesOf(ch.id)).filter((d) => d.state === "SENT").length === 2);
    const rows = await deliveriesOf(ch.id);
    expect(rows.map((r) => [r.event, r.state])).toEqual([
      ["fired", "SENT"],
      ["repeated", "DROPPED"],
      ["resolved", "SENT"],
    ]);
    expect(rows[1]!.lastError).toMatch(/^flood guard: a notification for this alert went to this channel \d+ s ago \(repeat interval 15 min\)$/);
    expect(hits("/guarded").map((r) => r.body.event)).toEqual(["fired", "resolved"]);
  });

  it("routes by severity and scope (site, tags, group membership)", async () => {
    const site = await t.db.site.create({ data: { name: `site-${++seq}` } });
    const server = await seedServer({ tags: ["db"], siteId: site.id });
    const group = await t.db.redundancyGroup.create({ data: { name: `grp-${++seq}`, mode: "ACTIVE_PASSIVE" } });
    await t.db.groupMember.create({ data: { groupId: group.id, serverId: server.id, role: "PRIMARY" } });
    const mk = async (name: string, body: Record<string, unknown>) => (await createChannel({ name, url: `${base}/route-${name}`, ...body })).body.id as string;
    const critOnly = await mk("crit", { minSeverity: "CRITICAL", scope: { serverIds: [server.id] } });
    const warn = await mk("warn", { minSeverity: "WARNING", scope: { siteIds: [site.id], tags: ["db"] } });
    const byGroup = await mk("group", { minSeverity: "INFO", scope: { groupIds: [group.id] } });
    const webOnly = await mk("web", { minSeverity: "INFO", scope: { siteIds: [site.id], tags: ["web"] } });
    const cpuOnly = await mk("cpu", { minSeverity: "INFO", scope: { groupIds: [group.id], sources: ["cpu"] } });

    await notifier.notify(await seedAlert(server, "WARNING"), "fired");
    await waitFor("routed deliveries sent", async () => (await t.db.alertDelivery.count({ where: { channelId: { in: [warn, byGroup] }, state: "SENT" } })) === 2);
    for (const id of [critOnly, webOnly, cpuOnly]) expect(await deliveriesOf(id)).toHaveLength(0);
    expect(hits("/route-crit")).toHaveLength(0);
  });

  it("leaves deliveries queued while stopped; a restarted notifier sends them", async () => {
    const server = await seedServer();
    const ch = (await createChannel({ name: "restart", url: `${base}/restart`, scope: { serverIds: [server.id] } })).body;
    await notifier.stop();
    try {
      await notifier.notify(await seedAlert(server), "fired");
      expect((await deliveriesOf(ch.id)).map((d) => d.state)).toEqual(["PENDING"]);
      const restarted = createNotifier({ db: t.db, secretBox: rt.secretBox, log: rt.log });
      await restarted.drain!();
      expect((await deliveriesOf(ch.id)).map((d) => [d.state, d.attempts])).toEqual([["SENT", 1]]);
      expect(hits("/restart")).toHaveLength(1);
    } finally {
      notifier.start();
    }
  });

  it("slack channels get a Slack incoming-webhook body", async () => {
    const server = await seedServer();
    const ch = (await createChannel({ name: "slack", url: `${base}/slack`, format: "slack", scope: { serverIds: [server.id] } })).body;
    await notifier.notify(await seedAlert(server), "fired");
    await waitFor("slack delivery sent", async () => (await deliveriesOf(ch.id)).some((d) => d.state === "SENT"));
    const body = hits("/slack")[0]!.body;
    expect(body.text).toBe(`:rotating_light: [CRITICAL] ${server.name} is DOWN`);
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0]).toMatchObject({ color: "#d92d20", title: `${server.name} is DOWN`, ts: expect.any(Number) });
    expect(body.attachments[0].fields).toContainEqual({ title: "Server", value: server.name, short: true });
  });

  it("a channel whose sealed URL cannot be opened still lists, and its deliveries fail saying why", async () => {
    const server = await seedServer();
    const ch = (await createChannel({ name: "unreadable", url: `${base}/unreadable`, scope: { serverIds: [server.id] } })).body;
    await t.db.notificationChannel.update({ where: { id: ch.id }, data: { secretCiphertext: new Uint8Array(Buffer.alloc(40, 1)) } });
    const list = await call(channelsRoute.GET, "GET", "/api/v1/notification-channels");
    expect(list.body.channels.find((c: { id: string }) => c.id === ch.id)).toMatchObject({ secretReadable: false, hasSigningSecret: false });

    await notifier.notify(await seedAlert(server), "fired");
    const d = await waitFor("delivery failed", async () => (await deliveriesOf(ch.id)).find((r) => r.state === "FAILED"));
    expect(d.attempts).toBe(1);
    expect(d.lastError).toMatch(/cannot be opened.*TANDEM_SECRET/);
    expect(hits("/unreadable")).toHaveLength(0);
  });
});

describe("send test", () => {
  it("reports ok against a working receiver and the status against a failing one; both are logged and audited", async () => {
    const good = (await createChannel({ name: "test-good", url: `${base}/test-good`, signingSecret: SECRET })).body;
    const bad = (await createChannel({ name: "test-bad", url: `${base}/test-bad` })).body;
    script.set("/test-bad", [500]);
    const send = (id: string) => call(testRoute.POST, "POST", `/api/v1/notification-channels/${id}/test`, {}, { id });

    const ok = await send(good.id);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, status: 200, error: null, delivery: { state: "SENT", attempts: 1, event: "test", alertId: null, channelName: "test-good" } });
    const r = hits("/test-good")[0]!;
    expect(verify(r)).toBe(true);
    expect(r.body).toMatchObject({ event: "test", alert: { severity: "INFO", title: "Test notification from Tandem" } });

    const failed = await send(bad.id);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ ok: false, status: 500, delivery: { state: "FAILED", attempts: 1 } });
    expect(failed.body.error).toMatch(/^HTTP 500/);
    expect(hits("/test-bad")).toHaveLength(1); // no retries for a test

    const log = await call(deliveriesRoute.GET, "GET", `/api/v1/notification-channels/${bad.id}/deliveries?limit=10`, {}, { id: bad.id });
    expect(log.status).toBe(200);
    expect(log.body.deliveries).toEqual([failed.body.delivery]);
    expect(await t.db.auditEvent.count({ where: { action: "channel.tested", targetId: { in: [good.id, bad.id] } } })).toBe(2);

    const listed = await call(channelsRoute.GET, "GET", "/api/v1/notification-channels");
    expect(listed.body.channels.find((c: { id: string }) => c.id === bad.id).lastDelivery).toMatchObject({ state: "FAILED", error: expect.stringMatching(/^HTTP 500/) });
    expect((await send("0194a3c0-0000-7000-8000-000000000000")).status).toBe(404);
  });
});
