// Fence devices through the real route handlers and Postgres: templates, sealed
// write-only secrets, the fencing-server rule, access and in-use deletes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase, type TestRuntime } from "../../../test/integration/database";
import { callRoute, type CallOptions, type RouteHandler, type RouteResult } from "../../../test/integration/http";
import { seedUser } from "../../../test/integration/users";
import * as devicesRoute from "../../../app/api/v1/fence-devices/route";
import * as deviceRoute from "../../../app/api/v1/fence-devices/[id]/route";
import * as templatesRoute from "../../../app/api/v1/fence-devices/templates/route";
import * as serverRoute from "../../../app/api/v1/servers/[id]/route";
import { openFenceSecrets } from "../../fencing/run-fence-device";

let t: TestDatabase;
let rt: TestRuntime;
let admin: string;
let operator: string;
const ids: Record<string, string> = {} as Record<string, string>;
/** Every response this file received, to check none carries a secret. */
const seen: string[] = [];

const PASSWORD = "bmc-Pa55word-never-shown";
const TOKEN = "api-token-never-shown-either";
const NEW_PASSWORD = "rotated-bmc-password-9";

async function call(h: unknown, method: string, path: string, o: CallOptions = {}, params: Record<string, string> = {}): Promise<RouteResult> {
  const r = await callRoute(h as RouteHandler, method, path, { session: admin, ...o }, params);
  seen.push(r.raw);
  return r;
}
const fieldsOf = (r: RouteResult) => (r.body.errors ?? []).map((e: { path: string }) => e.path);
const create = (body: Record<string, unknown>, o: CallOptions = {}) => call(devicesRoute.POST, "POST", "/api/v1/fence-devices", { body, ...o });
const patch = (id: string, body: Record<string, unknown>) => call(deviceRoute.PATCH, "PATCH", `/api/v1/fence-devices/${id}`, { body }, { id });
const get = (id: string) => call(deviceRoute.GET, "GET", `/api/v1/fence-devices/${id}`, {}, { id });
const sealedOf = async (id: string) => (await t.db.fenceDevice.findUniqueOrThrow({ where: { id } })).secretCiphertext;

beforeAll(async () => {
  t = await createTestDatabase();
  rt = await installTestRuntime(t.db);
  admin = (await seedUser(t.db, "ADMIN")).session;
  operator = (await seedUser(t.db, "OPERATOR")).session;
  for (const name of ["hv-1", "db-1", "db-2", "bmc-jump"]) ids[name] = (await t.db.server.create({ data: { name, address: "127.0.0.1" } })).id;
});
afterAll(async () => {
  const rows = await t.db.auditEvent.findMany({ where: { action: { startsWith: "fence-device." } }, select: { details: true } });
  expect(rows.length).toBeGreaterThan(5);
  const audits = JSON.stringify(rows);
  for (const raw of [...seen, audits]) {
    for (const secret of [PASSWORD, TOKEN, NEW_PASSWORD]) expect(raw).not.toContain(secret);
    expect(raw).not.toContain("secretCiphertext");
  }
  await t?.drop();
});

describe("fence devices", () => {
  let libvirtId: string;

  it("lists the built-in templates", async () => {
    const r = await call(templatesRoute.GET, "GET", "/api/v1/fence-devices/templates");
    expect(r.status).toBe(200);
    expect(r.body.templates.map((x: { kind: string }) => x.kind)).toEqual(["IPMI", "LIBVIRT", "PROXMOX", "AWS"]);
  });

  it("are created from a template with a sealed secret that no response or audit row shows", async () => {
    const r = await create({
      name: "kvm-fra1",
      kind: "LIBVIRT",
      description: "the hypervisor",
      fencingServerId: ids["hv-1"],
      env: { LIBVIRT_DEFAULT_URI: "qemu:///system" },
      secrets: { API_TOKEN: TOKEN },
      targets: [
        { serverId: ids["db-1"], plug: "db-1-domain" },
        { serverId: ids["db-2"], plug: "db-2-domain" },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: "kvm-fra1",
      kind: "LIBVIRT",
      fencingServer: { id: ids["hv-1"], name: "hv-1" },
      actionCommand: 'virsh destroy "$TANDEM_PLUG"',
      statusCommand: 'virsh domstate "$TANDEM_PLUG"',
      offPattern: "^shut off$",
      onCommand: 'virsh start "$TANDEM_PLUG"',
      env: { LIBVIRT_DEFAULT_URI: "qemu:///system" },
      secretNames: ["API_TOKEN"],
      secretsReadable: true,
      timeoutSeconds: 30,
      targets: [
        { serverId: ids["db-1"], name: "db-1", plug: "db-1-domain" },
        { serverId: ids["db-2"], name: "db-2", plug: "db-2-domain" },
      ],
      groups: [],
    });
    libvirtId = r.body.id;

    const sealed = await sealedOf(libvirtId);
    expect(Buffer.from(sealed!).toString("latin1")).not.toContain(TOKEN);
    expect(openFenceSecrets(rt.secretBox, sealed!)).toEqual({ API_TOKEN: TOKEN });

    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "fence-device.create", targetId: libvirtId } });
    expect(audit.details).toMatchObject({ name: "kvm-fra1", kind: "LIBVIRT", fencingServer: "hv-1", secretNames: ["API_TOKEN"] });
  });

  it("keep given commands over the template's", async () => {
    const r = await create({ name: "pve", kind: "PROXMOX", fencingServerId: ids["hv-1"], statusCommand: 'qm status "$TANDEM_PLUG" --verbose', onCommand: null });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ actionCommand: 'qm stop "$TANDEM_PLUG"', statusCommand: 'qm status "$TANDEM_PLUG" --verbose', offPattern: "status: stopped", onCommand: null });
  });

  it("replace and remove secrets by name without resending the others", async () => {
    const ipmi = await create({
      name: "bmc",
      kind: "IPMI",
      fencingServerId: ids["bmc-jump"],
      env: { IPMI_USER: "ADMIN" },
      secrets: { IPMI_PASSWORD: PASSWORD, EXTRA: "extra-secret" },
      targets: [{ serverId: ids["db-1"], plug: "10.0.9.21" }],
    });
    expect(ipmi.status).toBe(201);
    const id = ipmi.body.id as string;

    const r = await patch(id, { secrets: { IPMI_PASSWORD: NEW_PASSWORD }, removeSecrets: ["EXTRA"], timeoutSeconds: 60 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ secretNames: ["IPMI_PASSWORD"], timeoutSeconds: 60, env: { IPMI_USER: "ADMIN" } });
    expect(openFenceSecrets(rt.secretBox, (await sealedOf(id))!)).toEqual({ IPMI_PASSWORD: NEW_PASSWORD });

    const rename = await patch(id, { name: "bmc-fra1" });
    expect(rename.status).toBe(200);
    expect(openFenceSecrets(rt.secretBox, (await sealedOf(id))!)).toEqual({ IPMI_PASSWORD: NEW_PASSWORD });

    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "fence-device.update", targetId: id }, orderBy: { id: "asc" } });
    expect(audit.details).toMatchObject({ name: "bmc", kind: "IPMI", secretsSet: ["IPMI_PASSWORD"], secretsRemoved: ["EXTRA"] });

    const unknown = await patch(id, { removeSecrets: ["NOPE"] });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown)).toEqual(["body.removeSecrets"]);

    // The template's password is a secret: given as a plain variable, it is refused rather than stored in clear.
    const clear = await patch(id, { env: { IPMI_USER: "ADMIN", IPMI_PASSWORD: "in-clear" }, removeSecrets: ["IPMI_PASSWORD"] });
    expect(clear.status).toBe(400);
    expect(fieldsOf(clear)).toContain("body.env.IPMI_PASSWORD");
  });

  it("refuse an IPMI device without its user and password", async () => {
    const r = await create({ name: "bmc-bare", kind: "IPMI", fencingServerId: ids["bmc-jump"] });
    expect(r.status).toBe(400);
    expect(fieldsOf(r).sort()).toEqual(["body.env.IPMI_USER", "body.secrets.IPMI_PASSWORD"]);
  });

  it("refuse the fencing server as one of its own targets, on create and on update", async () => {
    const r = await create({ name: "self", kind: "LIBVIRT", fencingServerId: ids["db-1"], targets: [{ serverId: ids["db-1"], plug: "db-1" }] });
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toEqual(["body.targets.0.serverId"]);
    expect(r.body.detail ?? r.body.title).toMatch(/fencing server/);

    const moved = await patch(libvirtId, { fencingServerId: ids["db-2"] });
    expect(moved.status).toBe(400);
    expect(fieldsOf(moved)).toEqual(["body.fencingServerId"]);
    expect(JSON.stringify(moved.body)).toContain("db-2");
    expect((await get(libvirtId)).body.fencingServer.name).toBe("hv-1");
  });

  it("name the field of an unknown server, and refuse strict-body extras, duplicates and taken names", async () => {
    const missing = "0197a000-0000-7000-8000-00000000dead";
    const r = await create({ name: "ghost", kind: "PROXMOX", fencingServerId: missing, targets: [{ serverId: missing.replace("dead", "beef"), plug: "101" }] });
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toEqual(["body.fencingServerId", "body.targets.0.serverId"]);

    const extra = await create({ name: "x", kind: "PROXMOX", fencingServerId: ids["hv-1"], secretValues: { A: "b" } });
    expect(extra.status).toBe(400);

    const dupTarget = await patch(libvirtId, { targets: [{ serverId: ids["db-1"], plug: "a" }, { serverId: ids["db-1"], plug: "b" }] });
    expect(dupTarget.status).toBe(400);
    expect(fieldsOf(dupTarget)).toEqual(["body.targets.1.serverId"]);

    const taken = await create({ name: "KVM-FRA1", kind: "PROXMOX", fencingServerId: ids["hv-1"] });
    expect(taken.status).toBe(409);
    expect(fieldsOf(taken)).toEqual(["body.name"]);
  });

  it("replace targets on update", async () => {
    const r = await patch(libvirtId, { targets: [{ serverId: ids["db-2"], plug: "db-2-new" }] });
    expect(r.status).toBe(200);
    expect(r.body.targets).toEqual([{ serverId: ids["db-2"], name: "db-2", plug: "db-2-new" }]);
    expect(await t.db.fenceTarget.count({ where: { deviceId: libvirtId } })).toBe(1);
  });

  it("are admin business: operators get 403 on reads and writes", async () => {
    const list = await callRoute(devicesRoute.GET as RouteHandler, "GET", "/api/v1/fence-devices", { session: operator });
    expect(list.status).toBe(403);
    const post = await create({ name: "op", kind: "PROXMOX", fencingServerId: ids["hv-1"] }, { session: operator });
    expect(post.status).toBe(403);
    const del = await callRoute(deviceRoute.DELETE as RouteHandler, "DELETE", `/api/v1/fence-devices/${libvirtId}`, { session: operator }, { id: libvirtId });
    expect(del.status).toBe(403);
  });

  it("keep their fencing server: deleting it answers 409 naming the device", async () => {
    const r = await call(serverRoute.DELETE, "DELETE", `/api/v1/servers/${ids["hv-1"]}`, {}, { id: ids["hv-1"]! });
    expect(r.status).toBe(409);
    expect(r.body.detail).toMatch(/hv-1 is the fencing server of fence devices kvm-fra1, pve/);
    expect(await t.db.server.count({ where: { id: ids["hv-1"] } })).toBe(1);
  });

  it("are not deleted while a group's fencing levels name them, then are", async () => {
    const g = await t.db.redundancyGroup.create({ data: { name: "pg-fra1", mode: "ACTIVE_PASSIVE", fencingLevels: [{ kind: "hook" }, { kind: "device", deviceId: libvirtId }] } });
    expect((await get(libvirtId)).body.groups).toEqual([{ id: g.id, name: "pg-fra1" }]);
    const refused = await call(deviceRoute.DELETE, "DELETE", `/api/v1/fence-devices/${libvirtId}`, {}, { id: libvirtId });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/pg-fra1/);

    await t.db.redundancyGroup.update({ where: { id: g.id }, data: { fencingLevels: [] } });
    const gone = await call(deviceRoute.DELETE, "DELETE", `/api/v1/fence-devices/${libvirtId}`, {}, { id: libvirtId });
    expect(gone.status).toBe(204);
    expect(await t.db.fenceTarget.count({ where: { deviceId: libvirtId } })).toBe(0);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "fence-device.delete", targetId: libvirtId } });
    expect(audit.details).toEqual({ name: "kvm-fra1", kind: "LIBVIRT" });
    expect((await get(libvirtId)).status).toBe(404);
  });
});
