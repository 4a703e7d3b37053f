// Redundancy groups through the real route handlers and Postgres: validation,
// conflicts, roles, audit rows, and redundancy evaluated from member states.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "./database";
import { callRoute, type CallOptions, type RouteHandler, type RouteResult } from "./http";
import { seedUser } from "./users";
import * as groupsRoute from "../../app/api/v1/groups/route";
import * as groupRoute from "../../app/api/v1/groups/[id]/route";
import { demoFleetSpec } from "../../agents/sim/demo-fleet";
import { seedDemoGroups } from "../../server/demo/seed-demo-groups";


let t: TestDatabase;
let admin: string;
let viewer: string;
const ids: Record<string, string> = {};

const call = (h: RouteHandler | undefined, method: string, path: string, o: CallOptions = {}, params: Record<string, string> = {}) => callRoute(h, method, path, { session: admin, ...o }, params);
const fieldsOf = (r: RouteResult) => (r.body.errors ?? []).map((e: { path: string }) => e.path);
const audits = (action: string) => t.db.auditEvent.findMany({ where: { action }, orderBy: { id: "asc" } });
const create = (body: Record<string, unknown>, o: CallOptions = {}) => call(groupsRoute.POST, "POST", "/api/v1/groups", { body, ...o });
const patch = (id: string, body: Record<string, unknown>) => call(groupRoute.PATCH, "PATCH", `/api/v1/groups/${id}`, { body }, { id });
const get = (id: string, o: CallOptions = {}) => call(groupRoute.GET, "GET", `/api/v1/groups/${id}`, o, { id });
const del = (id: string) => call(groupRoute.DELETE, "DELETE", `/api/v1/groups/${id}`, {}, { id });
const setState = (name: string, state: "UP" | "DOWN" | "UNREACHABLE" | "DEGRADED") => t.db.server.update({ where: { name }, data: { state } });

const pgBody = () => ({
  name: "pg-fra1",
  mode: "ACTIVE_PASSIVE",
  minHealthy: 1,
  hooks: { promote: "pg_ctl promote -D /var/lib/postgresql/data", fence: "systemctl stop postgresql" },
  members: [
    { serverId: ids["db-a"], role: "PRIMARY", priority: 200 },
    { serverId: ids["db-b"], role: "STANDBY" },
  ],
});

beforeAll(async () => {
  t = await createTestDatabase();
  await installTestRuntime(t.db);
  admin = (await seedUser(t.db, "ADMIN")).session;
  viewer = (await seedUser(t.db, "VIEWER")).session;
  const fra = await t.db.site.create({ data: { name: "fra1" } });
  const lon = await t.db.site.create({ data: { name: "lon1" } });
  for (const [name, siteId] of [["db-a", fra.id], ["db-b", fra.id], ["db-dr", lon.id], ["web-1", fra.id], ["web-2", fra.id], ["web-3", lon.id]] as const) {
    ids[name] = (await t.db.server.create({ data: { name, address: "127.0.0.1", siteId, state: "UP" } })).id;
  }
});
afterAll(async () => {
  await t?.drop();
});

describe("groups", () => {
  it("are created, read, updated and deleted by admins, with an audit row each holding the hooks in full", async () => {
    const created = await create(pgBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "pg-fra1", mode: "ACTIVE_PASSIVE", failoverPolicy: "MANUAL", requireFencing: true, cooldownSeconds: 600, detectionThreshold: 3 });
    expect(created.body.members.map((m: { name: string; role: string; priority: number; adminState: string }) => [m.name, m.role, m.priority, m.adminState])).toEqual([
      ["db-a", "PRIMARY", 200, "IN_SERVICE"],
      ["db-b", "STANDBY", 100, "IN_SERVICE"],
    ]);
    expect(created.body.redundancy).toEqual({ state: "OK", inService: 2, minHealthy: 1, unavailable: [], drCovered: false });
    const id = created.body.id as string;
    const [c] = await audits("group.create");
    expect(c).toMatchObject({ targetType: "group", targetId: id });
    expect((c!.details as { hooks: unknown }).hooks).toEqual(pgBody().hooks);

    const read = await get(id, { session: viewer });
    expect(read.status).toBe(200);
    const list = await call(groupsRoute.GET, "GET", "/api/v1/groups", { session: viewer });
    expect(list.body.groups.map((g: { name: string }) => g.name)).toEqual(["pg-fra1"]);

    // Add the cross-site DR standby and change a hook.
    await t.db.groupMember.updateMany({ where: { groupId: id, serverId: ids["db-b"] }, data: { adminState: "DRAINED" } });
    const updated = await patch(id, {
      hooks: { promote: "pg_ctl promote -D /srv/pg" },
      members: [...pgBody().members, { serverId: ids["db-dr"], role: "STANDBY", priority: 50 }],
    });
    expect(updated.status).toBe(200);
    expect(updated.body.hooks).toEqual({ promote: "pg_ctl promote -D /srv/pg" });
    expect(updated.body.members.find((m: { name: string }) => m.name === "db-b").adminState).toBe("DRAINED"); // kept across the edit
    expect(updated.body.redundancy).toMatchObject({ state: "OK", inService: 2, drCovered: true, unavailable: [{ name: "db-b", why: "admin state is DRAINED" }] });
    const [u] = await audits("group.update");
    expect(u!.details).toMatchObject({ name: "pg-fra1", hooks: { from: pgBody().hooks, to: { promote: "pg_ctl promote -D /srv/pg" } } });
    expect((u!.details as { members: { to: unknown[] } }).members.to).toHaveLength(3);

    const deleted = await del(id);
    expect(deleted.status).toBe(204);
    expect(await t.db.redundancyGroup.count()).toBe(0);
    const [d] = await audits("group.delete");
    expect(d!.details).toMatchObject({ name: "pg-fra1", hooks: { promote: "pg_ctl promote -D /srv/pg" } });
    expect((await get(id)).status).toBe(404);
  });

  it("refuses bad membership with 400 naming the field", async () => {
    const twoPrimaries = await create({ ...pgBody(), name: "x1", members: [{ serverId: ids["db-a"], role: "PRIMARY" }, { serverId: ids["db-b"], role: "PRIMARY" }] });
    expect(twoPrimaries.status).toBe(400);
    expect(fieldsOf(twoPrimaries)).toEqual(["body.members.1.role"]);

    const activeInAp = await create({ ...pgBody(), name: "x2", members: [{ serverId: ids["db-a"], role: "PRIMARY" }, { serverId: ids["db-b"], role: "ACTIVE" }] });
    expect(fieldsOf(activeInAp)).toEqual(["body.members.1.role"]);

    const unknown = await create({ ...pgBody(), name: "x3", members: [{ serverId: ids["db-a"], role: "PRIMARY" }, { serverId: "00000000-0000-7000-8000-000000000000", role: "STANDBY" }] });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown)).toEqual(["body.members.1.serverId"]);

    const badBackend = await create({ name: "x4", mode: "ACTIVE_ACTIVE", members: [{ serverId: ids["web-1"], role: "ACTIVE", lbBackendServer: "web 1; shutdown" }] });
    expect(badBackend.status).toBe(400);
    expect(fieldsOf(badBackend)).toEqual(["body.members.0.lbBackendServer"]);

    const hugeHook = await create({ ...pgBody(), name: "x5", hooks: { check: "x".repeat(2001) } });
    expect(fieldsOf(hugeHook)).toEqual(["body.hooks.check"]);

    const unknownLb = await create({ ...pgBody(), name: "x6", loadBalancerId: "00000000-0000-7000-8000-000000000000" });
    expect(fieldsOf(unknownLb)).toEqual(["body.loadBalancerId"]);

    const unknownDevice = await create({ ...pgBody(), name: "x7", fencingLevels: [{ kind: "hook" }, { kind: "device", deviceId: "00000000-0000-7000-8000-000000000000" }] });
    expect(fieldsOf(unknownDevice)).toEqual(["body.fencingLevels.1.deviceId"]);
    const badLevel = await create({ ...pgBody(), name: "x8", fencingLevels: [{ kind: "stonith" }] });
    expect(fieldsOf(badLevel)).toEqual(["body.fencingLevels.0.kind"]);
    const twice = await create({ ...pgBody(), name: "x9", criticalServices: [{ name: "postgresql", port: 5432 }, { name: "postgresql", port: 6432 }] });
    expect(fieldsOf(twice)).toEqual(["body.criticalServices"]);

    expect(await t.db.redundancyGroup.count()).toBe(0);
    expect(await audits("group.create")).toHaveLength(1); // only the first test's
  });

  it("answers 409 naming body.name for a taken name, and 403 to a viewer", async () => {
    expect((await create(pgBody())).status).toBe(201);
    const dup = await create({ ...pgBody(), name: "PG-FRA1" });
    expect(dup.status).toBe(409);
    expect(fieldsOf(dup)).toEqual(["body.name"]);
    const asViewer = await create({ ...pgBody(), name: "other" }, { session: viewer });
    expect(asViewer.status).toBe(403);
  });

  it("refuses deletion with 409 while an operation on the group is running", async () => {
    const g = await t.db.redundancyGroup.findUniqueOrThrow({ where: { name: "pg-fra1" } });
    const op = await t.db.operation.create({ data: { kind: "SWITCHOVER", state: "RUNNING", groupId: g.id, initiator: "test" } });
    const refused = await del(g.id);
    expect(refused.status).toBe(409);
    await t.db.operation.update({ where: { id: op.id }, data: { state: "SUCCEEDED" } });
    expect((await del(g.id)).status).toBe(204);
  });

  it("evaluates redundancy from the members' states", async () => {
    const pool = await create({
      name: "web-pool",
      mode: "ACTIVE_ACTIVE",
      minHealthy: 2,
      members: ["web-1", "web-2", "web-3"].map((n, i) => ({ serverId: ids[n], role: "ACTIVE", lbBackendServer: `web${i + 1}` })),
    });
    expect(pool.status).toBe(201);
    expect(pool.body.redundancy).toMatchObject({ state: "OK", inService: 3, drCovered: true });

    await setState("web-3", "DOWN");
    let r = await get(pool.body.id);
    expect(r.body.redundancy).toEqual({ state: "AT_RISK", inService: 2, minHealthy: 2, unavailable: [{ name: "web-3", why: "down" }], drCovered: false });
    expect(r.body.members.find((m: { name: string }) => m.name === "web-3").state).toBe("DOWN");

    await setState("web-2", "UNREACHABLE");
    r = await get(pool.body.id);
    expect(r.body.redundancy).toMatchObject({ state: "BROKEN", inService: 1 });

    const tooMany = await patch(pool.body.id, { minHealthy: 4 });
    expect(tooMany.status).toBe(400);
    expect(fieldsOf(tooMany)).toEqual(["body.minHealthy"]);
  });

  it("seeds the demo fleet's groups once, all OK while every host is up", async () => {
    await t.db.redundancyGroup.deleteMany();
    const spec = demoFleetSpec();
    await t.db.server.createMany({ data: spec.map((h) => ({ name: h.name, address: h.address, state: "UP" as const })) });
    expect(await seedDemoGroups(t.db, spec)).toEqual({ groupsCreated: 6, restoresSet: 0 });
    expect(await seedDemoGroups(t.db, spec)).toEqual({ groupsCreated: 0, restoresSet: 0 });
    const list = await call(groupsRoute.GET, "GET", "/api/v1/groups");
    expect(list.body.groups.map((g: { name: string }) => g.name)).toEqual(["pg-ams1", "pg-fra1", "pg-lon1", "web-ams1", "web-fra1", "web-lon1"]);
    // Without monitoring no standby has reported its replication lag, so none could take over yet: the pairs say so.
    for (const g of list.body.groups) expect(g.redundancy.state, g.name).toBe(g.name.startsWith("web-") ? "OK" : "AT_RISK");
    expect(list.body.groups.find((g: { name: string }) => g.name === "pg-ams1").redundancy.unavailable).toEqual([{ name: "db-ams1-b", why: "replication lag unknown" }]);
    const pg = list.body.groups.find((g: { name: string }) => g.name === "pg-fra1");
    expect(pg.members.map((m: { name: string; role: string }) => `${m.name}:${m.role}`)).toEqual(["db-fra1-a:PRIMARY", "db-fra1-b:STANDBY", "db-fra1-dr:STANDBY"]);
    // The pairs restore through their site's hypervisor, on request only; the pools have no restore.
    const hv = await t.db.server.findUniqueOrThrow({ where: { name: "hv-fra1" } });
    expect(pg.restore).toEqual({ provision: { serverId: hv.id, command: "tandem-sim provision", timeoutSeconds: 60 }, join: { command: "tandem-sim role standby", timeoutSeconds: 60 }, afterMinutes: null });
    expect(list.body.groups.find((g: { name: string }) => g.name === "web-fra1").restore).toEqual({ afterMinutes: null });
  });

  it("gives demo databases seeded before restores existed the restore setting, once, and keeps one an admin cleared", async () => {
    await t.db.redundancyGroup.updateMany({ where: { name: { startsWith: "pg-" } }, data: { restore: {} } });
    await t.db.redundancyGroup.update({ where: { name: "pg-lon1" }, data: { restore: { afterMinutes: null } } });
    const spec = demoFleetSpec();
    expect(await seedDemoGroups(t.db, spec)).toEqual({ groupsCreated: 0, restoresSet: 2 });
    expect(await seedDemoGroups(t.db, spec)).toEqual({ groupsCreated: 0, restoresSet: 0 });
    const restoreOf = async (name: string) => (await t.db.redundancyGroup.findUniqueOrThrow({ where: { name } })).restore;
    expect(await restoreOf("pg-ams1")).toMatchObject({ provision: { command: "tandem-sim provision" } });
    expect(await restoreOf("pg-lon1")).toEqual({ afterMinutes: null });
  });
});
