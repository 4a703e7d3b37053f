// PagerDuty, email and Teams channels against real counterparts: a real SMTP
// server (smtp-server, STARTTLS and implicit TLS with a certificate made by the
// openssl CLI, AUTH), and an HTTP receiver on loopback that checks the
// documented PagerDuty Events API v2 and Teams workflow shapes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase, type TestRuntime } from "../../test/integration/database";
import { callRoute, type CallOptions, type RouteHandler } from "../../test/integration/http";
import { seedUser } from "../../test/integration/users";
import { startHttpReceiver, waitFor, type HttpReceiver } from "../../test/integration/http-receiver";
import { selfSignedCert, startSmtp, type TestSmtp } from "../../test/integration/mail";
import * as channelsRoute from "../../app/api/v1/notification-channels/route";
import * as channelRoute from "../../app/api/v1/notification-channels/[id]/route";
import * as testRoute from "../../app/api/v1/notification-channels/[id]/test/route";
import type { TAlert, TSeverity } from "../alerts/alerts.types";
import { alertInclude, toAlertDto } from "../alerts/alert-dto";
import { createNotifier, type Notifier } from "./notifier";


const ROUTING_KEY = "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12";
const SMTP_USER = "tandem";
const SMTP_PASSWORD = "smtp-password-do-not-leak";
const PUBLIC_URL = "https://tandem.example";
const tls = selfSignedCert();

let t: TestDatabase;
let rt: TestRuntime;
let admin: string;
let notifier: Notifier;
let receiver: HttpReceiver;
let base: string;
let starttls: TestSmtp;
let implicit: TestSmtp;
/** Per path: statuses to answer in turn (the last repeats). */
let script: HttpReceiver["script"];

const call = (h: RouteHandler | undefined, method: string, path: string, o: CallOptions = {}, params: Record<string, string> = {}) => callRoute(h, method, path, { session: admin, ...o }, params);
const createChannel = (body: Record<string, unknown>) => call(channelsRoute.POST, "POST", "/api/v1/notification-channels", { body });
const patchChannel = (id: string, body: Record<string, unknown>) => call(channelRoute.PATCH, "PATCH", `/api/v1/notification-channels/${id}`, { body }, { id });
const getChannel = (id: string) => call(channelRoute.GET, "GET", `/api/v1/notification-channels/${id}`, {}, { id });
const sendTest = (id: string) => call(testRoute.POST, "POST", `/api/v1/notification-channels/${id}/test`, {}, { id });
const deliveriesOf = (channelId: string) => t.db.alertDelivery.findMany({ where: { channelId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
const hits = (path: string) => receiver.hits(path);


let seq = 0;
async function seedServer() {
  return t.db.server.create({ data: { name: `srv-${++seq}-${Math.random().toString(36).slice(2, 6)}`, address: "10.0.0.1" } });
}
async function seedAlert(server: { id: string; name: string }, severity: TSeverity = "CRITICAL"): Promise<TAlert> {
  const a = await t.db.alert.create({ data: { dedupKey: `host-state:${server.name}`, source: "host-state", severity, title: `${server.name} is DOWN`, serverId: server.id }, include: alertInclude });
  return toAlertDto(a);
}

/** What PagerDuty's Events API v2 documents, checked as PagerDuty would: 400 with the errors, else 202. */
function pagerDutyErrors(b: any): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const errors: string[] = [];
  if (b?.routing_key !== ROUTING_KEY) errors.push("routing_key is wrong");
  if (!["trigger", "acknowledge", "resolve"].includes(b?.event_action)) errors.push("event_action is invalid");
  if (typeof b?.dedup_key !== "string" || b.dedup_key.length > 255) errors.push("dedup_key is invalid");
  if (b?.event_action === "trigger") {
    const p = b.payload ?? {};
    if (typeof p.summary !== "string" || p.summary.length > 1024) errors.push("payload.summary is required");
    if (typeof p.source !== "string") errors.push("payload.source is required");
    if (!["critical", "error", "warning", "info"].includes(p.severity)) errors.push("payload.severity is invalid");
    if (p.timestamp !== undefined && Number.isNaN(Date.parse(p.timestamp))) errors.push("payload.timestamp is invalid");
  }
  return errors;
}

/** A Teams workflow takes a message whose attachments are Adaptive Cards. */
function teamsErrors(b: any): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const errors: string[] = [];
  if (b?.type !== "message") errors.push("type must be message");
  const a = b?.attachments?.[0];
  if (a?.contentType !== "application/vnd.microsoft.card.adaptive") errors.push("attachments[0].contentType");
  if (a?.content?.type !== "AdaptiveCard" || a?.content?.version !== "1.4") errors.push("content must be an AdaptiveCard 1.4");
  if (!Array.isArray(a?.content?.body) || a.content.body.length === 0) errors.push("content.body is empty");
  return errors;
}

beforeAll(async () => {
  t = await createTestDatabase();
  rt = await installTestRuntime(t.db);
  admin = (await seedUser(t.db, "ADMIN")).session;
  receiver = await startHttpReceiver(({ path, body }, scripted) => {
    const json = (status: number, o: unknown) => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(o) });
    if (scripted) return json(scripted, { status: "scripted" });
    const errors = path.startsWith("/pd") ? pagerDutyErrors(body) : teamsErrors(body);
    if (errors.length) return json(400, { status: "invalid event", message: "Event object is invalid", errors });
    return json(202, { status: "success", message: "Event processed", dedup_key: body.dedup_key });
  });
  ({ base, script } = receiver);
  if (tls) {
    starttls = await startSmtp({ tls, users: { [SMTP_USER]: SMTP_PASSWORD } });
    implicit = await startSmtp({ tls, secure: true });
  }
  notifier = createNotifier({ db: t.db, secretBox: rt.secretBox, log: rt.log, publicUrl: PUBLIC_URL, retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 200, timeoutMs: 3000 }, pollMs: 50 });
  notifier.start();
});

afterAll(async () => {
  await notifier?.stop();
  await receiver?.close();
  await starttls?.close();
  await implicit?.close();
  await t?.drop();
});

describe("PagerDuty", () => {
  it("triggers, acknowledges and resolves one incident by the alert's dedup key; the routing key is never shown or logged", async () => {
    const server = await seedServer();
    const created = await createChannel({ kind: "PAGERDUTY", name: "pd-oncall", routingKey: ROUTING_KEY, url: `${base}/pd/enqueue`, scope: { serverIds: [server.id] } });
    expect(created.status, created.raw).toBe(201);
    expect(created.body).toMatchObject({ kind: "PAGERDUTY", urlPreview: `${base}/…/ueue`, secretReadable: true, hasSigningSecret: false, email: null });
    expect(created.raw).not.toContain(ROUTING_KEY);
    const ch = created.body;

    const alert = await seedAlert(server);
    await notifier.notify(alert, "fired");
    // Acknowledged at once: the flood guard holds back repeats, never PagerDuty's state.
    await notifier.notify({ ...alert, state: "ACKNOWLEDGED", acknowledgedBy: "alice@example.com" }, "acknowledged");
    await notifier.notify({ ...alert, state: "RESOLVED", resolvedAt: new Date().toISOString() }, "resolved");
    await waitFor("three events sent", async () => (await deliveriesOf(ch.id)).filter((d) => d.state === "SENT").length === 3);

    const got = hits("/pd/enqueue");
    expect(got.map((r) => r.body.event_action)).toEqual(["trigger", "acknowledge", "resolve"]);
    expect(new Set(got.map((r) => r.body.dedup_key))).toEqual(new Set([`host-state:${server.name}`]));
    expect(got[0]!.body).toMatchObject({
      routing_key: ROUTING_KEY,
      payload: { summary: `[CRITICAL] ${server.name} is DOWN`, source: server.name, severity: "critical", component: server.name, class: "host-state", custom_details: { alertId: alert.id } },
      links: [{ href: `${PUBLIC_URL}/alerts/${alert.id}`, text: "Open in Tandem" }],
    });
    expect((await deliveriesOf(ch.id)).map((d) => d.lastStatus)).toEqual([202, 202, 202]);

    const row = await t.db.notificationChannel.findUniqueOrThrow({ where: { id: ch.id } });
    expect(JSON.stringify(row.config)).not.toContain(ROUTING_KEY);
    expect(JSON.stringify((await deliveriesOf(ch.id)).map((d) => d.payload))).not.toContain(ROUTING_KEY);
    expect((await getChannel(ch.id)).raw).not.toContain(ROUTING_KEY);
    const audits = await t.db.auditEvent.findMany({ where: { targetId: ch.id } });
    expect(audits.map((a) => a.action)).toContain("channel.created");
    expect(JSON.stringify(audits.map((a) => a.details))).not.toContain(ROUTING_KEY);
  });

  it("retries a refusing endpoint with the same event, and a test send opens and closes an incident of its own", async () => {
    const server = await seedServer();
    const ch = (await createChannel({ kind: "PAGERDUTY", name: "pd-flaky", routingKey: ROUTING_KEY, url: `${base}/pd/flaky`, scope: { serverIds: [server.id] } })).body;
    script.set("/pd/flaky", [500, 429, 0]);
    await notifier.notify(await seedAlert(server, "WARNING"), "fired");
    const d = await waitFor("delivery sent", async () => (await deliveriesOf(ch.id)).find((r) => r.state === "SENT"));
    expect(d).toMatchObject({ attempts: 3, lastStatus: 202 });
    expect(d.lastError).toMatch(/^HTTP 429/);
    const got = hits("/pd/flaky");
    expect(new Set(got.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(got[0]!.body.payload.severity).toBe("warning");

    const before = hits("/pd/flaky").length;
    const test = await sendTest(ch.id);
    expect(test.body).toMatchObject({ ok: true, status: 202, delivery: { state: "SENT", event: "test" } });
    const testHits = hits("/pd/flaky").slice(before);
    expect(testHits.map((r) => r.body.event_action)).toEqual(["trigger", "resolve"]);
    expect(testHits[0]!.body.dedup_key).toMatch(/^tandem-test:/);
    expect(testHits[1]!.body.dedup_key).toBe(testHits[0]!.body.dedup_key);
  });

  it("edits: a new routing key is sealed and audited as replaced; fields of other kinds are refused; the kind cannot change", async () => {
    const ch = (await createChannel({ kind: "PAGERDUTY", name: "pd-edit", routingKey: ROUTING_KEY, url: `${base}/pd/enqueue` })).body;
    const other = "OTHERKEYOTHERKEYOTHERKEY";
    const edited = await patchChannel(ch.id, { kind: "PAGERDUTY", routingKey: other, minSeverity: "CRITICAL" });
    expect(edited.status, edited.raw).toBe(200);
    expect(edited.raw).not.toContain(other);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "channel.updated", targetId: ch.id } });
    expect(audit.details).toMatchObject({ kind: "PAGERDUTY", routingKey: "replaced", minSeverity: { from: "WARNING", to: "CRITICAL" } });
    expect(JSON.stringify(audit.details)).not.toContain(other);

    expect((await patchChannel(ch.id, { enabled: false })).status).toBe(200);
    const foreign = await patchChannel(ch.id, { signingSecret: "a-signing-secret-of-length" });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([{ path: "body.signingSecret", message: "is not a field of a PAGERDUTY channel" }]);
    const rekind = await patchChannel(ch.id, { kind: "TEAMS", url: `${base}/teams` });
    expect(rekind.status).toBe(409);
    const unknown = await createChannel({ kind: "PAGERDUTY", name: "pd-bad", routingKey: ROUTING_KEY, format: "slack" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toContainEqual({ path: "body.format", message: "is not a known field" });
  });
});

describe("Teams", () => {
  it("posts an Adaptive Card with the facts and a link to the alert; test send works; the URL stays sealed", async () => {
    const server = await seedServer();
    const url = `${base}/teams/workflows/SECRETSIG123`;
    const created = await createChannel({ kind: "TEAMS", name: "teams-ops", url, scope: { serverIds: [server.id] } });
    expect(created.status, created.raw).toBe(201);
    expect(created.raw).not.toContain("SECRETSIG123");
    const ch = created.body;

    const alert = await seedAlert(server);
    await notifier.notify(alert, "fired");
    await waitFor("card sent", async () => (await deliveriesOf(ch.id)).some((d) => d.state === "SENT"));
    const card = hits("/teams/workflows/SECRETSIG123")[0]!.body.attachments[0].content;
    expect(card.body[0]).toMatchObject({ type: "TextBlock", text: `[CRITICAL] ${server.name} is DOWN` });
    expect(card.body.find((b: { type: string }) => b.type === "FactSet").facts).toContainEqual({ title: "Server", value: server.name });
    expect(card.actions).toEqual([{ type: "Action.OpenUrl", title: "Open in Tandem", url: `${PUBLIC_URL}/alerts/${alert.id}` }]);

    const test = await sendTest(ch.id);
    expect(test.body).toMatchObject({ ok: true, status: 202 });
    expect(hits("/teams/workflows/SECRETSIG123").at(-1)!.body.attachments[0].content.body[0].text).toBe("TEST [INFO] Test notification from Tandem");
  });
});

describe.runIf(tls)("email", () => {
  const smtpChannel = (o: Record<string, unknown> = {}) => ({
    kind: "EMAIL",
    host: "127.0.0.1",
    port: starttls.port,
    tlsMode: "starttls",
    ca: tls!.cert,
    username: SMTP_USER,
    password: SMTP_PASSWORD,
    from: "Tandem <tandem@example.com>",
    to: ["oncall@example.com", "dba@example.com"],
    ...o,
  });

  it("mails fired over STARTTLS with AUTH, plain text and HTML; the resolved notice goes even after the channel's routing changed", async () => {
    const server = await seedServer();
    const created = await createChannel({ name: "mail-ops", minSeverity: "WARNING", scope: { serverIds: [server.id] }, ...smtpChannel() });
    expect(created.status, created.raw).toBe(201);
    expect(created.body.email).toEqual({
      host: "127.0.0.1",
      port: starttls.port,
      tlsMode: "starttls",
      rejectUnauthorized: true,
      hasCa: true,
      username: SMTP_USER,
      hasPassword: true,
      from: "Tandem <tandem@example.com>",
      to: ["oncall@example.com", "dba@example.com"],
    });
    expect(created.raw).not.toContain(SMTP_PASSWORD);
    const ch = created.body;
    const row = await t.db.notificationChannel.findUniqueOrThrow({ where: { id: ch.id } });
    expect(JSON.stringify(row.config)).not.toContain(SMTP_PASSWORD);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "channel.created", targetId: ch.id } });
    expect(audit.details).toMatchObject({ kind: "EMAIL", host: "127.0.0.1", password: true });
    expect(JSON.stringify(audit.details)).not.toContain(SMTP_PASSWORD);

    const alert = await seedAlert(server, "WARNING");
    const before = starttls.mails.length;
    await notifier.notify(alert, "fired");
    await waitFor("fired mail", () => starttls.mails.length > before);
    const fired = starttls.mails[before]!;
    expect(fired).toMatchObject({ user: SMTP_USER, secure: true, from: "tandem@example.com", to: ["oncall@example.com", "dba@example.com"] });
    expect(fired.headers.subject).toBe(`[Tandem] [WARNING] ${server.name} is DOWN`);
    expect(fired.headers["message-id"]).toBe(`<tandem-alert-${alert.id}@tandem>`);
    expect(fired.text).toContain(`Server: ${server.name}`);
    expect(fired.text).toContain(`Open in Tandem: ${PUBLIC_URL}/alerts/${alert.id}`);
    expect(fired.html).toContain(`<a href="${PUBLIC_URL}/alerts/${alert.id}">Open in Tandem</a>`);
    expect(fired.html).toContain(`${server.name} is DOWN</h2>`);
    expect(await waitFor("fired logged", async () => (await deliveriesOf(ch.id)).find((d) => d.state === "SENT"))).toMatchObject({ lastStatus: 250 });

    // Routing now says CRITICAL only: a WARNING resolve would be skipped, but this channel was told of the fire.
    expect((await patchChannel(ch.id, { minSeverity: "CRITICAL" })).status).toBe(200);
    await notifier.notify({ ...alert, count: 2 }, "repeated");
    await notifier.notify({ ...alert, state: "RESOLVED", resolvedAt: new Date().toISOString(), resolvedBy: "bob@example.com" }, "resolved");
    await waitFor("resolved mail", () => starttls.mails.length > before + 1);
    const resolved = starttls.mails[before + 1]!;
    expect(resolved.headers.subject).toBe(`[Tandem] RESOLVED [WARNING] ${server.name} is DOWN`);
    expect(resolved.headers["in-reply-to"]).toBe(`<tandem-alert-${alert.id}@tandem>`);
    expect(resolved.text).toContain("Resolved: bob@example.com");
    expect(resolved.html).toContain("RESOLVED [WARNING]");
    await waitFor("resolved logged", async () => (await deliveriesOf(ch.id)).every((d) => d.state === "SENT"));
    expect((await deliveriesOf(ch.id)).map((d) => [d.event, d.state])).toEqual([
      ["fired", "SENT"],
      ["resolved", "SENT"],
    ]);
  });

  it("test send: a wrong password fails at once with the SMTP reply; the right one is delivered; removing auth is audited", async () => {
    const ch = (await createChannel({ name: "mail-test", ...smtpChannel({ password: "wrong-password" }) })).body;
    const bad = await sendTest(ch.id);
    expect(bad.body).toMatchObject({ ok: false, status: 535, delivery: { state: "FAILED", attempts: 1 } });
    expect(bad.body.error).toMatch(/^SMTP 535/);

    expect((await patchChannel(ch.id, { kind: "EMAIL", password: SMTP_PASSWORD })).status).toBe(200);
    const before = starttls.mails.length;
    const ok = await sendTest(ch.id);
    expect(ok.body).toMatchObject({ ok: true, status: 250, delivery: { state: "SENT" } });
    expect(starttls.mails[before]!.headers.subject).toBe("[Tandem] TEST [INFO] Test notification from Tandem");

    const noAuth = await patchChannel(ch.id, { kind: "EMAIL", username: null });
    expect(noAuth.body.email).toMatchObject({ username: null, hasPassword: false });
    expect(noAuth.body.secretReadable).toBe(true);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "channel.updated", targetId: ch.id }, orderBy: { at: "desc" } });
    expect(audit.details).toMatchObject({ username: { from: SMTP_USER, to: null }, password: "removed" });
    // This server requires AUTH: without it the mail is refused.
    const refused = await sendTest(ch.id);
    expect(refused.body.ok).toBe(false);
  });

  it("implicit TLS: refused against an untrusted certificate, accepted with rejectUnauthorized off or the CA given", async () => {
    const mk = async (name: string, o: Record<string, unknown>) =>
      (await createChannel({ kind: "EMAIL", name, host: "127.0.0.1", port: implicit.port, tlsMode: "implicit", from: "tandem@example.com", to: ["ops@example.com"], ...o })).body;
    const strict = await mk("mail-strict", {});
    const lax = await mk("mail-lax", { rejectUnauthorized: false });
    const pinned = await mk("mail-ca", { ca: tls!.cert });
    expect(strict.email).toMatchObject({ tlsMode: "implicit", rejectUnauthorized: true, hasCa: false, username: null, hasPassword: false });

    const refused = await sendTest(strict.id);
    expect(refused.body.ok).toBe(false);
    expect(refused.body.error).toMatch(/certificate/i);
    const before = implicit.mails.length;
    expect((await sendTest(lax.id)).body).toMatchObject({ ok: true, status: 250 });
    expect((await sendTest(pinned.id)).body).toMatchObject({ ok: true, status: 250 });
    expect(implicit.mails.slice(before).map((m) => m.secure)).toEqual([true, true]);
    expect(implicit.mails[before]!.text).toContain("Test notification from Tandem");
  });

  it("validates email bodies strictly", async () => {
    const r = await createChannel({ kind: "EMAIL", name: "mail-bad", host: "smtp example", from: "nobody", to: [], password: "x", url: "https://x.example" });
    expect(r.status).toBe(400);
    const paths = (r.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["body.host", "body.from", "body.to", "body.url"]));
    const noUser = await createChannel({ kind: "EMAIL", name: "mail-nouser", host: "127.0.0.1", from: "a@example.com", to: ["b@example.com"], password: "secret" });
    expect(noUser.status).toBe(400);
    expect(noUser.body.errors).toEqual([{ path: "body.username", message: "is required with a password" }]);
    const noPassword = await createChannel({ kind: "EMAIL", name: "mail-nopass", host: "127.0.0.1", from: "a@example.com", to: ["b@example.com"], username: "u" });
    expect(noPassword.body.errors).toEqual([{ path: "body.password", message: "is required with a username" }]);
    const open = (await createChannel({ kind: "EMAIL", name: "mail-open", host: "127.0.0.1", from: "a@example.com", to: ["b@example.com"] })).body;
    const half = await patchChannel(open.id, { kind: "EMAIL", username: "u" });
    expect(half.status).toBe(400);
    expect(half.body.errors).toEqual([{ path: "body.password", message: "is required with a username" }]);
  });
});
