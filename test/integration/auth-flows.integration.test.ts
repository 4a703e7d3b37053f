// Accounts and access as a user meets them, through the real route handlers and Postgres.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase, type TestRuntime } from "./database";
import { apiRequest, sessionFrom, type CallOptions } from "./http";
import { seedUser, TEST_PASSWORD } from "./users";
import * as setupRoute from "../../app/api/v1/setup/route";
import * as loginRoute from "../../app/api/v1/auth/login/route";
import * as logoutRoute from "../../app/api/v1/auth/logout/route";
import * as meRoute from "../../app/api/v1/auth/me/route";
import * as usersRoute from "../../app/api/v1/users/route";
import * as userRoute from "../../app/api/v1/users/[id]/route";
import * as tokensRoute from "../../app/api/v1/api-tokens/route";
import * as tokenRoute from "../../app/api/v1/api-tokens/[id]/route";
import * as auditRoute from "../../app/api/v1/audit-events/route";
import * as passwordRoute from "../../app/api/v1/account/password/route";
import { resolveSession, createSession } from "../../server/auth/sessions";

type H = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = (h: H | undefined, method: string, path: string, o: CallOptions = {}, params: Record<string, string> = {}) =>
  h!(apiRequest(method, path, o), { params: Promise.resolve(params) });

let t: TestDatabase;
let rt: TestRuntime;

beforeAll(async () => {
  t = await createTestDatabase();
  rt = await installTestRuntime(t.db, { TANDEM_LOGIN_MAX_FAILURES: "3" });
});
afterAll(async () => {
  await t?.drop();
});

describe("first run", () => {
  it("asks for setup, creates the admin once, signs them in, then refuses a second setup", async () => {
    const status = await call(setupRoute.GET, "GET", "/api/v1/setup");
    expect(await status.json()).toEqual({ needsSetup: true });

    const body = { email: "Admin@Example.test", name: "Ada Admin", password: "a long admin password" };
    const res = await call(setupRoute.POST, "POST", "/api/v1/setup", { body });
    expect(res.status).toBe(201);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const me = await call(meRoute.GET, "GET", "/api/v1/auth/me", { session: sessionFrom(res) });
    expect(await me.json()).toMatchObject({ email: "admin@example.test", role: "ADMIN", via: "session" });

    const again = await call(setupRoute.POST, "POST", "/api/v1/setup", { body: { ...body, email: "other@example.test" } });
    expect(again.status).toBe(409);
    expect(await t.db.user.count()).toBe(1);

    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "setup.create_admin" } });
    expect(audit.actorLabel).toBe("admin@example.test");
    expect(audit.ip).toBe("127.0.0.1");
  });
});

describe("login and logout", () => {
  it("signs in with the right password, answers one message for every refusal, and logs out", async () => {
    const { user } = await seedUser(t.db, "OPERATOR", "olga@example.test");
    const wrong = await call(loginRoute.POST, "POST", "/api/v1/auth/login", { body: { email: "olga@example.test", password: "nope nope nope" }, ip: "10.9.0.1" });
    const unknown = await call(loginRoute.POST, "POST", "/api/v1/auth/login", { body: { email: "nobody@example.test", password: "nope nope nope" }, ip: "10.9.0.1" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).detail).toBe((await unknown.json()).detail);

    const ok = await call(loginRoute.POST, "POST", "/api/v1/auth/login", { body: { email: " OLGA@example.test ", password: TEST_PASSWORD }, from: "script", ip: "10.9.0.2" });
    expect(ok.status).toBe(200);
    const session = sessionFrom(ok)!;
    expect((await call(meRoute.GET, "GET", "/api/v1/auth/me", { session })).status).toBe(200);

    const out = await call(logoutRoute.POST, "POST", "/api/v1/auth/logout", { session });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect((await call(meRoute.GET, "GET", "/api/v1/auth/me", { session })).status).toBe(401);
    expect(rt.revoked).toContainEqual(expect.objectContaining({ userId: user.id }));

    const actions = (await t.db.auditEvent.findMany({ where: { actorLabel: { in: ["olga@example.test", "nobody@example.test"] } }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["auth.login_failed", "auth.login_failed", "auth.login", "auth.logout"]);
  });

  it("rate-limits repeated failures for an account, even when the right password comes next", async () => {
    await seedUser(t.db, "VIEWER", "victor@example.test");
    for (let i = 0; i < 3; i++) {
      const r = await call(loginRoute.POST, "POST", "/api/v1/auth/login", { body: { email: "victor@example.test", password: `guess number ${i}` }, ip: `10.1.0.${i}` });
      expect(r.status).toBe(401);
    }
    const limited = await call(loginRoute.POST, "POST", "/api/v1/auth/login", { body: { email: "victor@example.test", password: TEST_PASSWORD }, ip: "10.1.0.9" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a disabled account cannot sign in and its sessions end at once", async () => {
    const admin = await seedUser(t.db, "ADMIN");
    const victim = await seedUser(t.db, "OPERATOR");
    const res = await call(userRoute.PATCH, "PATCH", `/api/v1/users/${victim.user.id}`, { session: admin.session, body: { disabled: true } }, { id: victim.user.id });
    expect(res.status).toBe(200);
    expect((await res.json()).disabled).toBe(true);
    expect((await call(meRoute.GET, "GET", "/api/v1/auth/me", { session: victim.session })).status).toBe(401);
    const login = await call(loginRoute.POST, "POST", "/api/v1/auth/login", { body: { email: victim.user.email, password: TEST_PASSWORD } });
    expect(login.status).toBe(401);
    expect(rt.revoked).toContainEqual({ userId: victim.user.id });
  });

  it("sessions expire when idle and at their maximum age", async () => {
    const { user } = await seedUser(t.db, "VIEWER");
    const policy = { idleMs: 60 * 60_000, maxAgeMs: 3 * 60 * 60_000 };
    const t0 = new Date("2026-11-26T10:00:00Z");
    const s = await createSession(t.db, user.id, { ip: null, userAgent: null }, policy, t0);
    const at = (mins: number) => new Date(t0.getTime() + mins * 60_000);
    expect(await resolveSession(t.db, s.token, policy, at(50))).not.toBeNull(); // slides to 110
    expect(await resolveSession(t.db, s.token, policy, at(100))).not.toBeNull(); // slides to 160
    expect(await resolveSession(t.db, s.token, policy, at(150))).not.toBeNull(); // capped at 180
    expect(await resolveSession(t.db, s.token, policy, at(181))).toBeNull();
    const idle = await createSession(t.db, user.id, { ip: null, userAgent: null }, policy, t0);
    expect(await resolveSession(t.db, idle.token, policy, at(61))).toBeNull();
  });
});

describe("users, roles and the last admin", () => {
  it("an admin creates a user who can then sign in with that role; duplicates are a 409 naming the field", async () => {
    const admin = await seedUser(t.db, "ADMIN");
    const body = { email: "new.viewer@example.test", name: "New Viewer", role: "VIEWER", password: "initial password 1" };
    const res = await call(usersRoute.POST, "POST", "/api/v1/users", { session: admin.session, body });
    expect(res.status).toBe(201);
    const dup = await call(usersRoute.POST, "POST", "/api/v1/users", { session: admin.session, body });
    expect(dup.status).toBe(409);
    expect((await dup.json()).errors[0].path).toBe("body.email");
    const login = await call(loginRoute.POST, "POST", "/api/v1/auth/login", { body: { email: body.email, password: body.password } });
    expect((await login.json()).user.role).toBe("VIEWER");
    const list = await call(usersRoute.GET, "GET", "/api/v1/users", { session: admin.session });
    const users = (await list.json()).users as { email: string; passwordHash?: string }[];
    expect(users.map((u) => u.email)).toContain(body.email);
    expect(JSON.stringify(users)).not.toContain("argon2");
  });

  it("refuses to demote or disable the last active admin", async () => {
    const db2 = await createTestDatabase();
    try {
      await installTestRuntime(db2.db);
      const only = await seedUser(db2.db, "ADMIN");
      const demote = await call(userRoute.PATCH, "PATCH", `/api/v1/users/${only.user.id}`, { session: only.session, body: { role: "OPERATOR" } }, { id: only.user.id });
      expect(demote.status).toBe(409);
      expect((await demote.json()).detail).toMatch(/last active admin/);
      const second = await seedUser(db2.db, "ADMIN");
      const ok = await call(userRoute.PATCH, "PATCH", `/api/v1/users/${only.user.id}`, { session: second.session, body: { role: "OPERATOR" } }, { id: only.user.id });
      expect(ok.status).toBe(200);
    } finally {
      await db2.drop();
      rt = await installTestRuntime(t.db, { TANDEM_LOGIN_MAX_FAILURES: "3" });
    }
  });
});

describe("API tokens", () => {
  it("are shown once, work as Bearer without CSRF headers, act with at most the owner's role, and stop when revoked", async () => {
    const op = await seedUser(t.db, "OPERATOR");
    const tooHigh = await call(tokensRoute.POST, "POST", "/api/v1/api-tokens", { session: op.session, body: { name: "ci", role: "ADMIN" } });
    expect(tooHigh.status).toBe(403);

    const created = await call(tokensRoute.POST, "POST", "/api/v1/api-tokens", { session: op.session, body: { name: "deploy bot", expiresInDays: 30 } });
    expect(created.status).toBe(201);
    const { token, apiToken } = (await created.json()) as { token: string; apiToken: { id: string; role: string; prefix: string } };
    expect(token).toMatch(/^tdm_/);
    expect(apiToken.role).toBe("OPERATOR");
    expect(token.startsWith(apiToken.prefix)).toBe(true);

    const stored = await t.db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(stored.tokenHash).not.toContain(token);
    const listed = await call(tokensRoute.GET, "GET", "/api/v1/api-tokens", { session: op.session });
    expect(JSON.stringify(await listed.json())).not.toContain(token);

    const me = await call(meRoute.GET, "GET", "/api/v1/auth/me", { bearer: token, from: "script" });
    expect(await me.json()).toMatchObject({ email: op.user.email, role: "OPERATOR", via: "token" });
    // A scripted mutation with a token needs no Origin header.
    const fromScript = await call(tokensRoute.POST, "POST", "/api/v1/api-tokens", { bearer: token, from: "script", body: { name: "child", role: "VIEWER" } });
    expect(fromScript.status).toBe(201);
    const audit = await call(auditRoute.GET, "GET", "/api/v1/audit-events?action=api_token.create", { bearer: token, from: "script" });
    expect(audit.status).toBe(200);

    // Demote the owner: the token follows.
    await t.db.user.update({ where: { id: op.user.id }, data: { role: "VIEWER" } });
    expect((await call(auditRoute.GET, "GET", "/api/v1/audit-events", { bearer: token, from: "script" })).status).toBe(403);

    const revoked = await call(tokenRoute.DELETE, "DELETE", `/api/v1/api-tokens/${apiToken.id}`, { session: op.session }, { id: apiToken.id });
    expect(revoked.status).toBe(200);
    expect((await call(meRoute.GET, "GET", "/api/v1/auth/me", { bearer: token, from: "script" })).status).toBe(401);
  });

  it("someone else's token is not found for a non-admin", async () => {
    const a = await seedUser(t.db, "OPERATOR");
    const b = await seedUser(t.db, "OPERATOR");
    const created = await call(tokensRoute.POST, "POST", "/api/v1/api-tokens", { session: a.session, body: { name: "mine" } });
    const { apiToken } = (await created.json()) as { apiToken: { id: string } };
    const res = await call(tokenRoute.DELETE, "DELETE", `/api/v1/api-tokens/${apiToken.id}`, { session: b.session }, { id: apiToken.id });
    expect(res.status).toBe(404);
  });
});

describe("own password", () => {
  it("needs the current password and ends the other sessions", async () => {
    const u = await seedUser(t.db, "VIEWER");
    const other = await createSession(t.db, u.user.id, { ip: null, userAgent: null }, rt.config.session);
    const bad = await call(passwordRoute.POST, "POST", "/api/v1/account/password", { session: u.session, body: { currentPassword: "wrong", newPassword: "a brand new password" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe("body.currentPassword");
    const ok = await call(passwordRoute.POST, "POST", "/api/v1/account/password", { session: u.session, body: { currentPassword: TEST_PASSWORD, newPassword: "a brand new password" } });
    expect(ok.status).toBe(204);
    expect((await call(meRoute.GET, "GET", "/api/v1/auth/me", { session: u.session })).status).toBe(200);
    expect((await call(meRoute.GET, "GET", "/api/v1/auth/me", { session: other.token })).status).toBe(401);
  });
});

describe("audit log", () => {
  it("records who did what from where, filters, pages, and cannot be altered", async () => {
    const admin = await seedUser(t.db, "ADMIN", "auditor@example.test");
    for (let i = 0; i < 3; i++) {
      await call(usersRoute.POST, "POST", "/api/v1/users", { session: admin.session, ip: "192.0.2.7", body: { email: `audited${i}@example.test`, name: `A${i}`, role: "VIEWER", password: "some password 123" } });
    }
    const page1 = await call(auditRoute.GET, "GET", "/api/v1/audit-events?actor=auditor&action=user.create&limit=2", { session: admin.session });
    const p1 = (await page1.json()) as { events: { action: string; actor: { label: string }; ip: string; targetId: string; details: { email: string } }[]; nextBefore: string | null };
    expect(p1.events).toHaveLength(2);
    expect(p1.events[0]).toMatchObject({ action: "user.create", actor: { label: "auditor@example.test" }, ip: "192.0.2.7", details: { email: "audited2@example.test" } });
    const page2 = await call(auditRoute.GET, "GET", `/api/v1/audit-events?actor=auditor&action=user.create&limit=2&before=${p1.nextBefore}`, { session: admin.session });
    const p2 = (await page2.json()) as { events: { details: { email: string } }[]; nextBefore: string | null };
    expect(p2.events.map((e) => e.details.email)).toEqual(["audited0@example.test"]);
    expect(p2.nextBefore).toBeNull();

    await expect(t.db.auditEvent.updateMany({ data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(t.db.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
  });
});

describe("bootstrap admin from the environment", () => {
  it("creates the admin once on an empty database and leaves an existing one alone", async () => {
    const { bootstrapAdminFromEnv } = await import("../../server/setup/create-first-admin");
    const fresh = await createTestDatabase();
    try {
      const admin = { email: "Ops@Example.test", password: "bootstrap password", name: "Ops" };
      expect(await bootstrapAdminFromEnv(fresh.db, admin)).toBe("created");
      expect(await bootstrapAdminFromEnv(fresh.db, { ...admin, email: "second@example.test" })).toBe("skipped");
      const users = await fresh.db.user.findMany();
      expect(users.map((u) => [u.email, u.role])).toEqual([["ops@example.test", "ADMIN"]]);
      const ev = await fresh.db.auditEvent.findFirstOrThrow({ where: { action: "setup.create_admin" } });
      expect(ev.actorLabel).toBe("system");
      expect(ev.details).toMatchObject({ via: "environment" });
    } finally {
      await fresh.drop();
    }
  });
});

describe("login rate limit timing", () => {
  it("says exactly when the oldest failure leaves the window", async () => {
    const { login } = await import("../../server/auth/login");
    await seedUser(t.db, "VIEWER", "timed@example.test");
    const t0 = new Date("2026-11-26T09:00:00Z");
    const at = (min: number) => new Date(t0.getTime() + min * 60_000);
    const opts = (now: Date) => ({ session: rt.config.session, limit: { maxFailures: 3, windowMs: 15 * 60_000 }, now });
    const meta = { ip: "10.7.0.1", userAgent: "vitest", requestId: "timing-test-1" };
    for (const min of [0, 2, 4]) await expect(login(t.db, { email: "timed@example.test", password: "wrong password" }, meta, opts(at(min)))).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    // At 10 min the first failure (at 0) still counts; it leaves the window at 15 min: 300 s from now.
    await expect(login(t.db, { email: "timed@example.test", password: TEST_PASSWORD }, meta, opts(at(10)))).rejects.toMatchObject({ code: "RATE_LIMITED", retryAfter: 300 });
    // Once it has left, the right password works again.
    await expect(login(t.db, { email: "timed@example.test", password: TEST_PASSWORD }, meta, opts(at(15.5)))).resolves.toMatchObject({ user: { email: "timed@example.test" } });
  });
});
