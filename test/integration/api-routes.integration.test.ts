// Walks every API route: each route file maps to a registered endpoint, and
// each endpoint refuses an unauthenticated call (401), a too-low role (403),
// malformed input with a 4xx naming the bad field, and cross-site mutations.
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { endpoints } from "../../server/api/registry";
import type { AnyEndpoint } from "../../server/http/endpoint";
import { hasRole, type TRole } from "../../server/auth/roles";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "./database";
import { apiRequest, type CallOptions } from "./http";
import { seedUser } from "./users";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const APP_API = path.resolve(import.meta.dirname, "../../app/api");

function routeFiles(dir = APP_API): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );
}
const apiPathOf = (file: string) =>
  "/api/" + path.relative(APP_API, path.dirname(file)).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
const isCatchAll = (file: string) => file.includes("[...");
/** Endpoints served outside /api, where a tool expects them (Prometheus scrapes /metrics). */
const OUTSIDE_API: Record<string, string> = { "/metrics": path.resolve(import.meta.dirname, "../../app/metrics/route.ts") };

const routes = new Map<string, Handler>(); // "POST /api/v1/users" -> handler
const sessions: Partial<Record<TRole, string>> = {};
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await installTestRuntime(t.db);
  for (const role of ["VIEWER", "OPERATOR", "ADMIN"] as const) sessions[role] = (await seedUser(t.db, role)).session;
  const files: [string, string][] = routeFiles().filter((f) => !isCatchAll(f)).map((f) => [f, apiPathOf(f)]);
  for (const [route, file] of Object.entries(OUTSIDE_API)) files.push([file, route]);
  for (const [file, route] of files) {
    const mod = (await import(file)) as Record<string, Handler>;
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) if (mod[method]) routes.set(`${method} ${route}`, mod[method]);
  }
});
afterAll(async () => {
  await t?.drop();
});

const examplePath = (e: AnyEndpoint) => e.path.replace(/\{(\w+)\}/g, "0190a3c4-0000-7000-8000-000000000000");
const paramsOf = (e: AnyEndpoint, concrete: string) => {
  const names = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const values = concrete.split("/").filter((_, i) => e.path.split("/")[i]?.startsWith("{"));
  return Object.fromEntries(names.map((n, i) => [n, values[i]!]));
};

async function call(e: AnyEndpoint, o: CallOptions & { path?: string } = {}): Promise<Response> {
  const handler = routes.get(`${e.method} ${e.path}`)!;
  const p = o.path ?? examplePath(e);
  return handler(apiRequest(e.method, p, o), { params: Promise.resolve(paramsOf(e, p.split("?")[0]!)) });
}

async function problemOf(res: Response) {
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  return (await res.json()) as { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };
}

/** A value of the wrong type for every field of an object schema. */
function wrongTypedObject(schema: z.ZodType): Record<string, unknown> {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape ?? (schema as unknown as { def?: { in?: { shape?: Record<string, unknown> } } }).def?.in?.shape ?? {};
  return Object.fromEntries(Object.keys(shape).map((k) => [k, { wrong: "type" }]));
}
function badQuery(schema: z.ZodType): string {
  const shape = (schema as unknown as { shape: Record<string, unknown> }).shape;
  return "?" + Object.keys(shape).map((k) => `${k}=${encodeURIComponent("x".repeat(300) + "%bad")}`).join("&");
}

describe("route files and the endpoint registry agree", () => {
  it("every route file's handlers are registered endpoints, and every endpoint has a route", () => {
    const registered = new Set(endpoints.map((e) => `${e.method} ${e.path}`));
    expect([...routes.keys()].filter((k) => !registered.has(k))).toEqual([]);
    expect([...registered].filter((k) => !routes.has(k))).toEqual([]);
  });
});

// The access policy, stated apart from the code it checks: a new endpoint must be
// added here, and a role change in code without a change here fails.
const POLICY: Record<string, "public" | TRole> = {
  "GET /api/health": "public",
  "GET /api/v1/setup": "public",
  "POST /api/v1/setup": "public",
  "POST /api/v1/auth/login": "public",
  "POST /api/v1/auth/logout": "public",
  "GET /api/v1/auth/oidc": "public",
  "GET /api/v1/auth/oidc/login": "public",
  "GET /api/v1/auth/oidc/callback": "public",
  "GET /api/v1/openapi.json": "VIEWER",
  "GET /api/v1/cluster": "VIEWER",
  "GET /api/v1/auth/me": "VIEWER",
  "POST /api/v1/account/password": "VIEWER",
  "GET /api/v1/api-tokens": "VIEWER",
  "POST /api/v1/api-tokens": "VIEWER",
  "DELETE /api/v1/api-tokens/{id}": "VIEWER",
  "GET /api/v1/audit-events": "OPERATOR",
  "GET /api/v1/users": "ADMIN",
  "POST /api/v1/users": "ADMIN",
  "PATCH /api/v1/users/{id}": "ADMIN",
  "GET /api/v1/servers/{id}/history": "VIEWER",
  "GET /api/v1/simulator": "ADMIN",
  "POST /api/v1/simulator/faults": "ADMIN",
  "POST /api/v1/simulator/clear": "ADMIN",
  "POST /api/v1/simulator/power": "ADMIN",
  "GET /api/v1/sites": "VIEWER",
  "POST /api/v1/sites": "ADMIN",
  "PATCH /api/v1/sites/{id}": "ADMIN",
  "DELETE /api/v1/sites/{id}": "ADMIN",
  "GET /api/v1/credentials": "ADMIN",
  "POST /api/v1/credentials": "ADMIN",
  "PATCH /api/v1/credentials/{id}": "ADMIN",
  "DELETE /api/v1/credentials/{id}": "ADMIN",
  // Fence devices and balancers hold commands that run on servers (and sealed secrets): admin business.
  "GET /api/v1/fence-devices": "ADMIN",
  "GET /api/v1/fence-devices/templates": "ADMIN",
  "GET /api/v1/fence-devices/{id}": "ADMIN",
  "POST /api/v1/fence-devices": "ADMIN",
  "PATCH /api/v1/fence-devices/{id}": "ADMIN",
  "DELETE /api/v1/fence-devices/{id}": "ADMIN",
  "GET /api/v1/load-balancers": "ADMIN",
  "GET /api/v1/load-balancers/{id}": "ADMIN",
  "POST /api/v1/load-balancers": "ADMIN",
  "PATCH /api/v1/load-balancers/{id}": "ADMIN",
  "DELETE /api/v1/load-balancers/{id}": "ADMIN",
  "GET /api/v1/servers": "VIEWER",
  "GET /api/v1/servers/{id}": "VIEWER",
  "POST /api/v1/servers": "ADMIN",
  "PATCH /api/v1/servers/{id}": "ADMIN",
  "DELETE /api/v1/servers/{id}": "ADMIN",
  "POST /api/v1/servers/import": "ADMIN",
  "POST /api/v1/servers/test-connection": "ADMIN",
  "POST /api/v1/servers/{id}/test-connection": "ADMIN",
  "GET /api/v1/groups": "VIEWER",
  "GET /api/v1/groups/{id}": "VIEWER",
  "POST /api/v1/groups": "ADMIN",
  "PATCH /api/v1/groups/{id}": "ADMIN",
  "DELETE /api/v1/groups/{id}": "ADMIN",
  "POST /api/v1/groups/{id}/switchover": "OPERATOR",
  "POST /api/v1/groups/{id}/switchover/plan": "OPERATOR",
  "POST /api/v1/groups/{id}/failover": "OPERATOR",
  "POST /api/v1/groups/{id}/failover/plan": "OPERATOR",
  "GET /api/v1/operations": "VIEWER",
  "GET /api/v1/operations/{id}": "VIEWER",
  "POST /api/v1/operations/{id}/abort": "OPERATOR",
  "POST /api/v1/operations/{id}/resume": "OPERATOR",
  "GET /api/v1/alerts": "VIEWER",
  "GET /api/v1/alerts/{id}": "VIEWER",
  "POST /api/v1/alerts/{id}/ack": "OPERATOR",
  "POST /api/v1/alerts/{id}/resolve": "OPERATOR",
  "GET /api/v1/alert-rules": "VIEWER",
  "POST /api/v1/alert-rules": "ADMIN",
  "PATCH /api/v1/alert-rules/{id}": "ADMIN",
  "DELETE /api/v1/alert-rules/{id}": "ADMIN",
  // Webhook URLs can carry tokens: channels are admin business, read and write.
  "GET /api/v1/notification-channels": "ADMIN",
  "GET /api/v1/notification-channels/{id}": "ADMIN",
  "POST /api/v1/notification-channels": "ADMIN",
  "PATCH /api/v1/notification-channels/{id}": "ADMIN",
  "DELETE /api/v1/notification-channels/{id}": "ADMIN",
  "POST /api/v1/notification-channels/{id}/test": "ADMIN",
  "GET /api/v1/notification-channels/{id}/deliveries": "ADMIN",
  "GET /api/v1/maintenance-windows": "VIEWER",
  "GET /api/v1/maintenance-windows/{id}": "VIEWER",
  "POST /api/v1/maintenance-windows": "OPERATOR",
  "PATCH /api/v1/maintenance-windows/{id}": "OPERATOR",
  "POST /api/v1/maintenance-windows/preview": "OPERATOR",
  "POST /api/v1/maintenance-windows/{id}/cancel": "OPERATOR",
  "POST /api/v1/maintenance-windows/{id}/end": "OPERATOR",
  "POST /api/v1/groups/{id}/drills": "OPERATOR",
  "GET /api/v1/groups/{id}/drills": "VIEWER",
  "GET /api/v1/drills/{id}": "VIEWER",
  "GET /api/v1/drills/freshness": "VIEWER",
  "GET /api/v1/drill-schedules": "VIEWER",
  "POST /api/v1/drill-schedules": "OPERATOR",
  "PATCH /api/v1/drill-schedules/{id}": "OPERATOR",
  "DELETE /api/v1/drill-schedules/{id}": "OPERATOR",
  "GET /api/v1/drill-schedules/{id}/runs": "VIEWER",
  "GET /api/v1/compliance": "VIEWER",
  "POST /api/v1/groups/{id}/members/{serverId}/rejoin": "OPERATOR",
  "POST /api/v1/groups/{id}/restore": "OPERATOR",
  "POST /api/v1/rollouts/plan": "OPERATOR",
  "POST /api/v1/rollouts": "OPERATOR",
  "GET /api/v1/rollouts": "VIEWER",
  "GET /api/v1/rollouts/{id}": "VIEWER",
  "POST /api/v1/rollouts/{id}/pause": "OPERATOR",
  "POST /api/v1/rollouts/{id}/resume": "OPERATOR",
  "POST /api/v1/rollouts/{id}/abort": "OPERATOR",
  "GET /api/v1/rollout-schedules": "VIEWER",
  "POST /api/v1/rollout-schedules": "OPERATOR",
  "PATCH /api/v1/rollout-schedules/{id}": "OPERATOR",
  "DELETE /api/v1/rollout-schedules/{id}": "OPERATOR",
  "GET /api/v1/rollout-schedules/{id}/runs": "VIEWER",
  "POST /api/v1/operations/{id}/pause": "OPERATOR",
  "POST /api/v1/what-if": "VIEWER",
  "GET /api/v1/sites/matrix": "VIEWER",
  "GET /api/v1/sites/{id}/recovery-plan": "VIEWER",
  "PUT /api/v1/sites/{id}/recovery-plan": "ADMIN",
  "DELETE /api/v1/sites/{id}/recovery-plan": "ADMIN",
  "GET /api/v1/groups/{id}/dependencies": "VIEWER",
  "PUT /api/v1/groups/{id}/dependencies": "ADMIN",
  "POST /api/v1/sites/{id}/evacuation/plan": "VIEWER",
  "POST /api/v1/sites/{id}/evacuation": "OPERATOR",
  "POST /api/v1/sites/{id}/return/plan": "VIEWER",
  "POST /api/v1/sites/{id}/return": "OPERATOR",
  "POST /api/v1/sites/{id}/drills": "OPERATOR",
  "GET /api/v1/sites/{id}/operations": "VIEWER",
  "GET /api/v1/operations/{id}/site": "VIEWER",
  "GET /metrics": "VIEWER",
  "GET /api/v1/inventory/ansible": "VIEWER",
};

describe.each(endpoints.map((e) => [`${e.method} ${e.path}`, e] as const))("%s", (name, e) => {
  it("has the access the policy states", () => {
    expect(e.access).toBe(POLICY[name]);
  });

  const access = POLICY[name] ?? "ADMIN";
  if (access !== "public") {
    it("refuses an unauthenticated call with 401", async () => {
      const res = await call(e, { from: "browser", body: e.body ? {} : undefined });
      expect(res.status).toBe(401);
      expect((await problemOf(res)).code).toBe("UNAUTHENTICATED");
    });

    it("refuses an invalid bearer token with 401", async () => {
      const res = await call(e, { bearer: "tdm_not-a-real-token", from: "script" });
      expect(res.status).toBe(401);
    });

    for (const role of ["VIEWER", "OPERATOR"] as const) {
      if (hasRole(role, access)) continue;
      it(`refuses a ${role} with 403`, async () => {
        const res = await call(e, { session: sessions[role], body: e.body ? {} : undefined });
        expect(res.status).toBe(403);
        expect((await problemOf(res)).code).toBe("FORBIDDEN");
      });
    }
  }

  const caller = () => sessions[e.access === "public" ? "ADMIN" : e.access];

  if (e.params) {
    it("answers a malformed path parameter with 400 naming it", async () => {
      const bad = e.path.replace(/\{(\w+)\}/g, "not-a-uuid");
      const res = await call(e, { path: bad, session: caller(), body: e.body ? {} : undefined });
      expect(res.status).toBe(400);
      const p = await problemOf(res);
      expect(p.errors?.map((x) => x.path)).toContain(`params.${[...e.path.matchAll(/\{(\w+)\}/g)][0]![1]}`);
    });
  }

  if (e.query) {
    const query = e.query;
    it("answers malformed query parameters with 400 naming each", async () => {
      const res = await call(e, { path: examplePath(e) + badQuery(query), session: caller() });
      expect(res.status).toBe(400);
      const p = await problemOf(res);
      const shape = (query as unknown as { shape: Record<string, unknown> }).shape;
      for (const k of Object.keys(shape)) expect(p.errors?.map((x) => x.path), k).toContain(`query.${k}`);
    });
  }

  if (e.body) {
    const body = e.body;
    it("answers a body of wrong types with 400 naming each bad field", async () => {
      const res = await call(e, { session: caller(), body: wrongTypedObject(body) });
      expect(res.status).toBe(400);
      const p = await problemOf(res);
      // An object-valued field (hooks, scope) takes { wrong: "type" } as an object with an unknown key: named at that key.
      for (const k of Object.keys(wrongTypedObject(body))) expect(p.errors?.map((x) => x.path), k).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^body\\.${k}(\\.wrong)?$`))]));
    });

    it("answers an unknown field with 400 naming it, rather than dropping it", async () => {
      const res = await call(e, { session: caller(), body: { notAField: 1 } });
      expect(res.status).toBe(400);
      expect((await problemOf(res)).errors).toContainEqual({ path: "body.notAField", message: "is not a known field" });
    });

    // Bodies whose every field is optional (an ack's comment) take {}; the others must refuse it.
    it.skipIf(e.body.safeParse({}).success)("answers an empty object with 400 naming the body or a required field", async () => {
      const res = await call(e, { session: caller(), body: {} });
      expect(res.status).toBe(400);
      const p = await problemOf(res);
      expect(p.errors?.length).toBeGreaterThan(0);
      for (const x of p.errors!) expect(x.path).toMatch(/^body(\.|$)/);
    });

    it("answers a non-JSON body with 415 and broken JSON with 400", async () => {
      const notJson = await call(e, { session: caller(), rawBody: "email=a", headers: { "content-type": "application/x-www-form-urlencoded" } });
      expect(notJson.status).toBe(415);
      const broken = await call(e, { session: caller(), rawBody: "{nope", headers: { "content-type": "application/json" } });
      expect(broken.status).toBe(400);
      expect((await problemOf(broken)).errors?.[0]?.path).toBe("body");
    });
  }

  if (e.method !== "GET" && e.access !== "public") {
    it("refuses a cross-site or unmarked cookie-authenticated call (CSRF) with 403", async () => {
      for (const from of ["cross-site", "script"] as const) {
        const res = await call(e, { session: caller(), from, body: e.body ? {} : undefined });
        expect(res.status, from).toBe(403);
        expect((await problemOf(res)).code, from).toBe("CSRF");
      }
    });
  }
});

describe("public endpoints", () => {
  it("health answers without a session and says ready", async () => {
    const h = endpoints.find((x) => x.path === "/api/health")!;
    const res = await call(h, { from: "script" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ready: boolean; checks: { database: { ok: boolean }; migrations: { ok: boolean } } };
    expect(body.ready).toBe(true);
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.migrations.ok).toBe(true);
    expect(JSON.stringify(body)).not.toMatch(/postgres(ql)?:\/\//);
  });

  it("login from a cross-site page is refused even with valid credentials", async () => {
    const login = endpoints.find((x) => x.path === "/api/v1/auth/login")!;
    const res = await call(login, { from: "cross-site", body: { email: "x@example.test", password: "whatever-password" } });
    expect(res.status).toBe(403);
  });

  it("an unknown API path answers problem+json 404", async () => {
    const { GET } = (await import("../../app/api/v1/[...path]/route")) as { GET: (r: Request) => Promise<Response> };
    const res = await GET(apiRequest("GET", "/api/v1/nope", { session: sessions.ADMIN }));
    expect(res.status).toBe(404);
    expect((await problemOf(res)).code).toBe("NOT_FOUND");
  });
});
