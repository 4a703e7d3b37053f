// Load balancers through the real route handlers and Postgres.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "../../../test/integration/database";
import { callRoute, type CallOptions, type RouteHandler, type RouteResult } from "../../../test/integration/http";
import { seedUser } from "../../../test/integration/users";
import * as balancersRoute from "../../../app/api/v1/load-balancers/route";
import * as balancerRoute from "../../../app/api/v1/load-balancers/[id]/route";
import * as serverRoute from "../../../app/api/v1/servers/[id]/route";
import { loadBalancerRef } from "../../loadbalancer/balancer-ref";

let t: TestDatabase;
let admin: string;
let operator: string;
const ids: Record<string, string> = {} as Record<string, string>;

const call = (h: unknown, method: string, path: string, o: CallOptions = {}, params: Record<string, string> = {}): Promise<RouteResult> =>
  callRoute(h as RouteHandler, method, path, { session: admin, ...o }, params);
const fieldsOf = (r: RouteResult) => (r.body.errors ?? []).map((e: { path: string }) => e.path);
const create = (body: Record<string, unknown>, o: CallOptions = {}) => call(balancersRoute.POST, "POST", "/api/v1/load-balancers", { body, ...o });
const patch = (id: string, body: Record<string, unknown>) => call(balancerRoute.PATCH, "PATCH", `/api/v1/load-balancers/${id}`, { body }, { id });
const del = (id: string) => call(balancerRoute.DELETE, "DELETE", `/api/v1/load-balancers/${id}`, {}, { id });
const commands = { enable: "lbctl enable", disable: "lbctl disable", drain: "lbctl drain", state: "lbctl state" };

beforeAll(async () => {
  t = await createTestDatabase();
  await installTestRuntime(t.db);
  admin = (await seedUser(t.db, "ADMIN")).session;
  operator = (await seedUser(t.db, "OPERATOR")).session;
  for (const name of ["lb-1", "lb-2"]) ids[name] = (await t.db.server.create({ data: { name, address: "127.0.0.1" } })).id;
});
afterAll(async () => t?.drop());

describe("load balancers", () => {
  let haproxyId: string;
  let commandId: string;

  it("are created as HAPROXY with an address and backend, audited", async () => {
    const r = await create({ kind: "HAPROXY", name: "edge", address: "127.0.0.1:9999", backend: "web" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: "edge", kind: "HAPROXY", address: "127.0.0.1:9999", backend: "web", host: null, commands: null, groups: [] });
    haproxyId = r.body.id;
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "load-balancer.create", targetId: haproxyId } });
    expect(audit.details).toMatchObject({ name: "edge", kind: "HAPROXY", address: "127.0.0.1:9999" });
  });

  it("are created as COMMAND with a host, backend and commands the failover runtime can drive", async () => {
    const r = await create({ kind: "COMMAND", name: "lb-fra1", serverId: ids["lb-1"], backend: "web-fra1", commands });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: "COMMAND", address: null, backend: "web-fra1", host: { id: ids["lb-1"], name: "lb-1" }, commands });
    commandId = r.body.id;
    expect(await loadBalancerRef(t.db, commandId)).toEqual({ ref: { kind: "COMMAND", name: "lb-fra1", serverId: ids["lb-1"], backend: "web-fra1", commands } });
  });

  it("refuse bodies their kind does not fit, unknown hosts and taken names", async () => {
    const noAddress = await create({ kind: "HAPROXY", name: "x", backend: "web" });
    expect(noAddress.status).toBe(400);
    expect(fieldsOf(noAddress)).toEqual(["body.address"]);
    const mixed = await create({ kind: "HAPROXY", name: "x", address: "127.0.0.1:1", backend: "web", commands });
    expect(mixed.status).toBe(400);
    const ghost = await create({ kind: "COMMAND", name: "x", serverId: "0197a000-0000-7000-8000-00000000dead", backend: "web", commands });
    expect(ghost.status).toBe(400);
    expect(fieldsOf(ghost)).toEqual(["body.serverId"]);
    const taken = await create({ kind: "HAPROXY", name: "EDGE", address: "127.0.0.1:1", backend: "web" });
    expect(taken.status).toBe(409);
    expect(fieldsOf(taken)).toEqual(["body.name"]);
    const wrongField = await patch(haproxyId, { commands });
    expect(wrongField.status).toBe(400);
    expect(fieldsOf(wrongField)).toEqual(["body.commands"]);
  });

  it("are edited, and a kind change needs the new kind's fields and clears the old ones", async () => {
    const moved = await patch(commandId, { serverId: ids["lb-2"], commands: { ...commands, state: "lbctl state --json=false" } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ host: { name: "lb-2" }, commands: { state: "lbctl state --json=false" } });

    const incomplete = await patch(haproxyId, { kind: "COMMAND" });
    expect(incomplete.status).toBe(400);
    expect(fieldsOf(incomplete)).toEqual(["body.serverId", "body.commands"]);

    const toHaproxy = await patch(commandId, { kind: "HAPROXY", address: "/run/haproxy/admin.sock" });
    expect(toHaproxy.status).toBe(200);
    expect(toHaproxy.body).toMatchObject({ kind: "HAPROXY", address: "/run/haproxy/admin.sock", backend: "web-fra1", host: null, commands: null });
    const back = await patch(commandId, { kind: "COMMAND", serverId: ids["lb-1"], commands });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ address: null, host: { name: "lb-1" } });
  });

  it("are admin business: operators get 403", async () => {
    expect((await call(balancersRoute.GET, "GET", "/api/v1/load-balancers", { session: operator })).status).toBe(403);
    expect((await create({ kind: "HAPROXY", name: "op", address: "127.0.0.1:1", backend: "web" }, { session: operator })).status).toBe(403);
    expect((await call(balancerRoute.PATCH, "PATCH", `/api/v1/load-balancers/${haproxyId}`, { session: operator, body: { backend: "x" } }, { id: haproxyId })).status).toBe(403);
  });

  it("keep their host: deleting it answers 409 naming the balancer", async () => {
    const r = await call(serverRoute.DELETE, "DELETE", `/api/v1/servers/${ids["lb-1"]}`, {}, { id: ids["lb-1"]! });
    expect(r.status).toBe(409);
    expect(r.body.detail).toMatch(/lb-1 is the host of load balancer lb-fra1/);
  });

  it("are not deleted while a group uses them, listing the groups; then are", async () => {
    const g = await t.db.redundancyGroup.create({ data: { name: "web-pool", mode: "ACTIVE_ACTIVE", loadBalancerId: commandId } });
    const list = await call(balancersRoute.GET, "GET", "/api/v1/load-balancers");
    expect(list.body.loadBalancers.map((b: { name: string; groups: unknown[] }) => [b.name, b.groups])).toEqual([
      ["edge", []],
      ["lb-fra1", [{ id: g.id, name: "web-pool" }]],
    ]);
    const refused = await del(commandId);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/used by group web-pool/);

    await t.db.redundancyGroup.delete({ where: { id: g.id } });
    expect((await del(commandId)).status).toBe(204);
    expect((await call(balancerRoute.GET, "GET", `/api/v1/load-balancers/${commandId}`, {}, { id: commandId })).status).toBe(404);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "load-balancer.delete", targetId: commandId } });
    expect(audit.details).toEqual({ name: "lb-fra1", kind: "COMMAND" });
    // Its host is free to go now.
    expect((await call(serverRoute.DELETE, "DELETE", `/api/v1/servers/${ids["lb-1"]}`, {}, { id: ids["lb-1"]! })).status).toBe(204);
  });
});
