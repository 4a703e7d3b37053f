// A group's restore setting through the real group routes: admins set it (its
// hooks are code run on servers), strictly validated, audited in full, and
// shown back with its defaults.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "../../test/integration/database";
import { callRoute, type RouteHandler, type RouteResult } from "../../test/integration/http";
import { seedUser } from "../../test/integration/users";
import * as groupsRoute from "../../app/api/v1/groups/route";
import * as groupRoute from "../../app/api/v1/groups/[id]/route";

let t: TestDatabase;
const sessions: Record<string, string> = {};
const ids: Record<string, string> = {};
let groupId: string;

const patch = (body: unknown, role = "ADMIN") => callRoute(groupRoute.PATCH as RouteHandler, "PATCH", `/api/v1/groups/${groupId}`, { session: sessions[role], body }, { id: groupId });
const fieldsOf = (r: RouteResult) => (r.body.errors ?? []).map((e: { path: string }) => e.path);

beforeAll(async () => {
  t = await createTestDatabase();
  await installTestRuntime(t.db);
  for (const role of ["OPERATOR", "ADMIN"]) sessions[role] = (await seedUser(t.db, role as "ADMIN")).session;
  for (const name of ["db-a", "db-b", "hv-1"]) ids[name] = (await t.db.server.create({ data: { name, address: "127.0.0.1", state: "UP" } })).id;
  const created = await callRoute(groupsRoute.POST as RouteHandler, "POST", "/api/v1/groups", {
    session: sessions.ADMIN,
    body: { name: "pg", mode: "ACTIVE_PASSIVE", members: [{ serverId: ids["db-a"], role: "PRIMARY" }, { serverId: ids["db-b"], role: "STANDBY" }] },
  });
  expect(created.status, created.raw).toBe(201);
  expect(created.body.restore).toEqual({ afterMinutes: null });
  groupId = created.body.id;
});
afterAll(async () => {
  await t?.drop();
});

describe("a group's restore setting", () => {
  it("is set by an admin, shown with its defaults, and audited in full", async () => {
    const restore = { provision: { serverId: ids["hv-1"], command: "virt-clone-standby --site \"$TANDEM_SITE\"" }, join: { command: "pg_basebackup -h \"$TANDEM_PRIMARY_ADDRESS\" -D /srv/pg && systemctl start postgresql", timeoutSeconds: 1800 }, afterMinutes: 30 };
    const r = await patch({ restore });
    expect(r.status, r.raw).toBe(200);
    expect(r.body.restore).toEqual({ ...restore, provision: { ...restore.provision, timeoutSeconds: 300 } });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "group.update", targetId: groupId } });
    expect(audit.details).toMatchObject({ restore: { from: { afterMinutes: null }, to: r.body.restore } });

    // Replaced whole: no provision, on request only.
    const cleared = await patch({ restore: {} });
    expect(cleared.body.restore).toEqual({ afterMinutes: null });
  });

  it.each([
    ["an unknown field", { provision: { serverId: "x", command: "c", hostname: "h" } }, ["body.restore.provision.serverId", "body.restore.provision.hostname"]],
    ["an unknown provision server", { provision: { serverId: "00000000-0000-7000-8000-000000000000", command: "clone" } }, ["body.restore.provision.serverId"]],
    ["an empty command", { join: { command: "  " } }, ["body.restore.join.command"]],
    ["a timeout too long", { provision: { serverId: "00000000-0000-7000-8000-000000000000", command: "clone", timeoutSeconds: 7200 } }, ["body.restore.provision.timeoutSeconds"]],
    ["automatic restore without a provision hook", { afterMinutes: 15 }, ["body.restore.afterMinutes"]],
    ["a fraction of a minute", { provision: { serverId: "00000000-0000-7000-8000-000000000000", command: "clone" }, afterMinutes: 1.5 }, ["body.restore.afterMinutes"]],
  ])("refuses %s with 400 naming the field", async (_what, restore, fields) => {
    const r = await patch({ restore });
    expect(r.status).toBe(400);
    expect(fieldsOf(r).sort()).toEqual([...fields].sort());
  });

  it("is not an operator's to set", async () => {
    const r = await patch({ restore: { provision: { serverId: ids["hv-1"], command: "clone" } } }, "OPERATOR");
    expect(r.status).toBe(403);
    expect((await t.db.redundancyGroup.findUniqueOrThrow({ where: { id: groupId } })).restore).toEqual({ afterMinutes: null });
  });
});
