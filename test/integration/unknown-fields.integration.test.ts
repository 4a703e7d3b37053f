// Unknown request fields are refused, not dropped: a switchover sent with
// `ticket` (the field is `ticketRef`) must not start with no ticket recorded.
// Against a simulated pair (real SSH, real monitoring, a real HAProxy) so that
// the same request spelt right does start an operation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startFailoverPair, type FailoverPair } from "./failover-pair";
import { ensureHaproxy } from "./haproxy";
import { apiRequest, callRoute, type RouteHandler } from "./http";
import { seedUser } from "./users";
import * as switchoverRoutes from "../../app/api/v1/groups/[id]/switchover/route";
import * as groupRoutes from "../../app/api/v1/groups/route";
import * as windowRoutes from "../../app/api/v1/maintenance-windows/route";
import { localOf } from "../../server/maintenance/occurrences";

const installed = await ensureHaproxy();

let pair: FailoverPair;
let operator: string;
let admin: string;

const post = (route: Record<string, unknown>, path: string, session: string, body: unknown, params: Record<string, string> = {}) =>
  callRoute(route.POST as RouteHandler, "POST", path, { session, body }, params);
const pathsOf = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

describe.runIf(installed)("unknown request fields", () => {
  beforeAll(async () => {
    pair = await startFailoverPair({ net: "127.0.59", seed: 59, intervalMs: 300, group: { name: "pg-strict", failoverPolicy: "MANUAL" } });
    pair.rt.services.operations = pair.engine;
    pair.rt.services.monitoring = pair.monitoring;
    operator = (await seedUser(pair.t.db, "OPERATOR")).session;
    admin = (await seedUser(pair.t.db, "ADMIN")).session;
  }, 90_000);

  afterAll(async () => {
    await pair?.stop();
  });

  it("a switchover with `ticket` answers 400 naming body.ticket and starts nothing; with `ticketRef` it runs and records the ticket", async () => {
    const path = `/api/v1/groups/${pair.groupId}/switchover`;
    const params = { id: pair.groupId };
    const before = await pair.t.db.operation.count();

    const refused = await post(switchoverRoutes, path, operator, { reason: "patching db-a", ticket: "T-1" }, params);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ status: 400, code: "VALIDATION" });
    expect(refused.body.errors).toEqual([{ path: "body.ticket", message: "is not a known field" }]);
    expect(refused.body.detail).toContain("body.ticket");
    expect(await pair.t.db.operation.count()).toBe(before);

    // The same request spelt right is accepted: the refusal above was the unknown field, nothing else.
    const started = await post(switchoverRoutes, path, operator, { reason: "patching db-a", ticketRef: "T-1" }, params);
    expect(started.status, started.raw).toBe(202);
    expect(started.body).toMatchObject({ kind: "SWITCHOVER", ticketRef: "T-1" });
    expect(await pair.t.db.operation.count()).toBe(before + 1);
    await eventually(async () => {
      const o = await pair.t.db.operation.findUnique({ where: { id: started.body.id } });
      return o && !["PLANNED", "RUNNING", "PAUSED"].includes(o.state);
    }, "the switchover to end", 60_000);
  }, 90_000);

  it("answers problem+json naming every unknown field, in the errors and in the detail", async () => {
    const path = `/api/v1/groups/${pair.groupId}/switchover`;
    const res = await switchoverRoutes.POST(apiRequest("POST", path, { session: operator, body: { reason: "x", ticket: "T-1", note: "n" } }), { params: Promise.resolve({ id: pair.groupId }) });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { detail: string; errors: { path: string }[] };
    expect(pathsOf(body).sort()).toEqual(["body.note", "body.ticket"]);
    expect(body.detail).toMatch(/body\.ticket/);
    expect(body.detail).toMatch(/body\.note/);
  });

  it("a maintenance window with an unknown key inside its scope answers 400 at body.scope.<key>, and none is saved", async () => {
    const draft = {
      title: "kernel patching",
      scope: { serverIds: [pair.serverIds["db-b"]!], hosts: ["db-b"] },
      start: localOf(new Date(Date.now() + 86_400_000), "UTC"),
      timezone: "UTC",
      durationMinutes: 30,
    };
    const before = await pair.t.db.maintenanceWindow.count();
    const refused = await post(windowRoutes, "/api/v1/maintenance-windows", operator, draft);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: "body.scope.hosts", message: "is not a known field" }]);
    expect(refused.body.detail).toContain("body.scope.hosts");
    expect(await pair.t.db.maintenanceWindow.count()).toBe(before);

    const { hosts: _hosts, ...scope } = draft.scope;
    expect((await post(windowRoutes, "/api/v1/maintenance-windows", operator, { ...draft, scope })).status).toBe(201);
  });

  it("a group whose member carries an unknown key answers 400 at body.members.<i>.<key>, and none is saved", async () => {
    const group = (extra: Record<string, unknown>) => ({
      name: "web-strict",
      mode: "ACTIVE_ACTIVE",
      members: [
        { serverId: pair.serverIds["db-a"]!, role: "ACTIVE" },
        { serverId: pair.serverIds["db-b"]!, role: "ACTIVE", ...extra },
      ],
    });
    const before = await pair.t.db.redundancyGroup.count();
    const refused = await post(groupRoutes, "/api/v1/groups", admin, group({ weight: 5 }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: "body.members.1.weight", message: "is not a known field" }]);
    expect(await pair.t.db.redundancyGroup.count()).toBe(before);

    expect((await post(groupRoutes, "/api/v1/groups", admin, group({}))).status).toBe(201);
  });
});
