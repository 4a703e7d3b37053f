// What a verified IdP identity becomes in Tandem's database: the account made
// on first sign-in, the role re-read at every one, and the refusals (audited).
// The protocol side runs against a real IdP in e2e/sso.spec.ts.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type OidcConfig } from "../../config";
import { login } from "../login";
import { updateUser } from "../../users/update-user";
import { listUsers } from "../../users/list-users";
import { handle } from "../../http/endpoint";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "../../../test/integration/database";
import { apiRequest } from "../../../test/integration/http";
import { seedUser, TEST_PASSWORD } from "../../../test/integration/users";
import { recordSsoRefusal, signInWithOidc } from "./sign-in-with-oidc";
import { SsoError } from "./sso-error";
import { oidcCallbackEndpoint, oidcLoginEndpoint, ssoInfoEndpoint } from "./oidc.endpoints";

const ISSUER = "https://idp.example.test";
const cfg: OidcConfig = loadConfig({
  TANDEM_OIDC_ISSUER: ISSUER,
  TANDEM_OIDC_CLIENT_ID: "tandem",
  TANDEM_OIDC_OPERATOR_GROUPS: "ops",
  TANDEM_OIDC_VIEWER_GROUPS: "staff",
}).oidc!;
const meta = { ip: "127.0.0.1", userAgent: "vitest", requestId: "req-sso-test" };
const session = { idleMs: 3_600_000, maxAgeMs: 86_400_000 };

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

async function refusal(p: Promise<unknown>): Promise<SsoError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SsoError);
  return err as SsoError;
}

describe("signInWithOidc", () => {
  it("creates the account on first sign-in, with the group's role and no password", async () => {
    const r = await signInWithOidc(t.db, cfg, { sub: "u-1", email: "Olivia@Corp.test", name: "Olivia", groups: ["ops"] }, meta, { session });
    expect(r.user).toMatchObject({ email: "olivia@corp.test", role: "OPERATOR", provisioned: true });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: r.user.id } });
    expect(row).toMatchObject({ passwordHash: null, oidcIssuer: ISSUER, oidcSubject: "u-1", role: "OPERATOR", name: "Olivia" });
    expect(await t.db.session.count({ where: { userId: row.id } })).toBe(1);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sso_login", targetId: row.id } });
    expect(audit.details).toMatchObject({ provisioned: true, role: "OPERATOR", groups: ["ops"], subject: "u-1" });
  });

  it("re-reads the role at every sign-in and follows the IdP's email and name", async () => {
    const r = await signInWithOidc(t.db, cfg, { sub: "u-1", email: "olivia.new@corp.test", name: "Olivia N.", groups: ["staff"] }, meta, { session });
    expect(r.user).toMatchObject({ email: "olivia.new@corp.test", role: "VIEWER", provisioned: false });
    expect(await t.db.user.count({ where: { oidcSubject: "u-1" } })).toBe(1);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sso_login", targetId: r.user.id }, orderBy: { id: "desc" } });
    expect(audit.details).toMatchObject({ roleChanged: { from: "OPERATOR", to: "VIEWER" } });
  });

  it("refuses a user in no mapped group, creating nothing", async () => {
    const err = await refusal(signInWithOidc(t.db, cfg, { sub: "u-2", email: "nora@corp.test", groups: ["marketing"] }, meta, { session }));
    expect(err.code).toBe("role");
    expect(err.detail).toMatch(/marketing/);
    expect(await t.db.user.count({ where: { email: "nora@corp.test" } })).toBe(0);
  });

  it("never takes over a local account with the same email", async () => {
    const local = await seedUser(t.db, "ADMIN", "root@corp.test");
    const err = await refusal(signInWithOidc(t.db, cfg, { sub: "u-3", email: "root@corp.test", groups: ["ops"] }, meta, { session }));
    expect(err.code).toBe("conflict");
    expect(await t.db.user.findUniqueOrThrow({ where: { id: local.user.id } })).toMatchObject({ role: "ADMIN", oidcSubject: null });
  });

  it("refuses a disabled account and an identity without an email", async () => {
    const r = await signInWithOidc(t.db, cfg, { sub: "u-4", email: "dan@corp.test", groups: ["ops"] }, meta, { session });
    await t.db.user.update({ where: { id: r.user.id }, data: { disabledAt: new Date() } });
    expect((await refusal(signInWithOidc(t.db, cfg, { sub: "u-4", email: "dan@corp.test", groups: ["ops"] }, meta, { session }))).code).toBe("disabled");
    expect((await refusal(signInWithOidc(t.db, cfg, { sub: "u-5", groups: ["ops"] }, meta, { session }))).code).toBe("claims");
  });

  it("records a refusal with its reason", async () => {
    await recordSsoRefusal(t.db, cfg, new SsoError("role", "none of the user's groups is mapped"), { sub: "u-2", email: "nora@corp.test" }, meta);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sso_login_failed" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorLabel: "nora@corp.test", requestId: "req-sso-test" });
    expect(audit.details).toMatchObject({ code: "role", reason: "none of the user's groups is mapped", subject: "u-2" });
  });

  it("a single sign-on account cannot sign in with a password, even one set behind Tandem's back", async () => {
    const user = await t.db.user.findFirstOrThrow({ where: { oidcSubject: "u-1" } });
    const limit = { maxFailures: 100, windowMs: 60_000 };
    await expect(login(t.db, { email: user.email, password: TEST_PASSWORD }, meta, { session, limit })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const seeded = await seedUser(t.db, "VIEWER");
    await t.db.user.update({ where: { id: user.id }, data: { passwordHash: (await t.db.user.findUniqueOrThrow({ where: { id: seeded.user.id } })).passwordHash } });
    await expect(login(t.db, { email: user.email, password: TEST_PASSWORD }, meta, { session, limit })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "auth.login_failed", targetId: user.id }, orderBy: { id: "desc" } });
    expect(audit.details).toMatchObject({ reason: "single sign-on account (no password)" });
  });
});

describe("single sign-on accounts in user management", () => {
  it("are marked, and an admin cannot give them a password", async () => {
    const user = await t.db.user.findFirstOrThrow({ where: { oidcSubject: "u-4" } });
    expect((await listUsers(t.db)).find((u) => u.id === user.id)).toMatchObject({ sso: true });
    await expect(updateUser(t.db, { userId: null, label: "admin@corp.test" }, user.id, { password: "a brand new long password" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("single sign-on routes", () => {
  it("say whether SSO is on, and send every failure to the login page with a code", async () => {
    // A port nothing listens on: the IdP is down.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    await installTestRuntime(t.db, { TANDEM_OIDC_ISSUER: `http://127.0.0.1:${port}`, TANDEM_OIDC_CLIENT_ID: "tandem", TANDEM_OIDC_LABEL: "Corp" });

    const info = await handle(ssoInfoEndpoint)(apiRequest("GET", "/api/v1/auth/oidc"));
    expect(await info.json()).toEqual({ enabled: true, label: "Corp" });

    const start = await handle(oidcLoginEndpoint)(apiRequest("GET", "/api/v1/auth/oidc/login?next=/groups"));
    expect(start.status).toBe(302);
    expect(start.headers.get("location")).toBe("/login?sso_error=unavailable");

    const back = await handle(oidcCallbackEndpoint)(apiRequest("GET", "/api/v1/auth/oidc/callback?code=x&state=y"));
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("/login?sso_error=state");
    expect(back.headers.get("set-cookie")).toMatch(/tandem_oidc=;.*Max-Age=0/);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sso_login_failed" }, orderBy: { id: "desc" } });
    expect(audit.details).toMatchObject({ code: "state" });

    await installTestRuntime(t.db);
    const off = await handle(ssoInfoEndpoint)(apiRequest("GET", "/api/v1/auth/oidc"));
    expect(await off.json()).toEqual({ enabled: false, label: null });
  });
});
