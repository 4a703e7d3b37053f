// Sites, credentials, servers, Ansible import and connection tests, through the
// real route handlers and Postgres, with a real SSH server (ssh2's) on loopback.
import { timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import ssh2 from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase, type TestRuntime } from "./database";
import { apiRequest, type CallOptions } from "./http";
import { seedUser } from "./users";
import * as sitesRoute from "../../app/api/v1/sites/route";
import * as siteRoute from "../../app/api/v1/sites/[id]/route";
import * as credentialsRoute from "../../app/api/v1/credentials/route";
import * as credentialRoute from "../../app/api/v1/credentials/[id]/route";
import * as serversRoute from "../../app/api/v1/servers/route";
import * as serverRoute from "../../app/api/v1/servers/[id]/route";
import * as importRoute from "../../app/api/v1/servers/import/route";
import * as testConnectionRoute from "../../app/api/v1/servers/test-connection/route";
import * as serverTestConnectionRoute from "../../app/api/v1/servers/[id]/test-connection/route";
import { loadCredentialSecret } from "../../server/inventory/credentials/load-credential-secret";
import { fingerprintOf } from "../../server/inventory/credentials/credential-secret";
import { ed25519KeyPair } from "../ssh-keys";

type H = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Result = { status: number; raw: string; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestDatabase;
let rt: TestRuntime;
let admin: string;
let viewer: string;
/** Every response body this file received, to check none carries a secret. */
const seen: string[] = [];

async function call(h: H | undefined, method: string, path: string, o: CallOptions = {}, params: Record<string, string> = {}): Promise<Result> {
  const res = await h!(apiRequest(method, path, { session: admin, ...o }), { params: Promise.resolve(params) });
  const raw = await res.text();
  seen.push(raw);
  return { status: res.status, raw, body: raw ? JSON.parse(raw) : null };
}
const fieldsOf = (r: Result) => (r.body.errors ?? []).map((e: { path: string }) => e.path);
const audits = (action: string) => t.db.auditEvent.findMany({ where: { action }, orderBy: { id: "asc" } });

const PASSPHRASE = "correct horse battery staple key";
const PASSWORD = "s3cret-ssh-password-for-tests";
const userKey = ed25519KeyPair({ passphrase: PASSPHRASE, cipher: "aes256-ctr", rounds: 2 });
const otherKey = ed25519KeyPair();
/** A line from the middle of the private key: any leak of the key contains it. */
const keyMarker = userKey.private.split("\n")[2]!;

beforeAll(async () => {
  t = await createTestDatabase();
  rt = await installTestRuntime(t.db);
  admin = (await seedUser(t.db, "ADMIN")).session;
  viewer = (await seedUser(t.db, "VIEWER")).session;
});
afterAll(async () => {
  // The whole file's responses, checked once more: no key, passphrase, password or ciphertext.
  for (const raw of seen) {
    expect(raw).not.toContain(keyMarker);
    expect(raw).not.toContain("PRIVATE KEY");
    expect(raw).not.toContain(PASSPHRASE);
    expect(raw).not.toContain(PASSWORD);
    expect(raw).not.toContain("secretCiphertext");
  }
  await t?.drop();
});

const createSite = (name: string) => call(sitesRoute.POST, "POST", "/api/v1/sites", { body: { name } });
const createServer = (body: Record<string, unknown>) => call(serversRoute.POST, "POST", "/api/v1/servers", { body });
const patchServer = (id: string, body: Record<string, unknown>) => call(serverRoute.PATCH, "PATCH", `/api/v1/servers/${id}`, { body }, { id });
const keyCredential = (name: string) => call(credentialsRoute.POST, "POST", "/api/v1/credentials", { body: { name, username: "deploy", kind: "PRIVATE_KEY", secret: userKey.private, passphrase: PASSPHRASE } });

describe("sites", () => {
  it("are created, renamed and deleted by admins, with an audit row each, and read by viewers", async () => {
    const created = await call(sitesRoute.POST, "POST", "/api/v1/sites", { body: { name: " fra1 ", description: "Frankfurt" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "fra1", description: "Frankfurt", serverCount: 0 });
    const id = created.body.id as string;

    const dup = await createSite("FRA1");
    expect(dup.status).toBe(409);
    expect(fieldsOf(dup)).toEqual(["body.name"]);

    const renamed = await call(siteRoute.PATCH, "PATCH", `/api/v1/sites/${id}`, { body: { name: "fra-1" } }, { id });
    expect(renamed.body.name).toBe("fra-1");
    const list = await call(sitesRoute.GET, "GET", "/api/v1/sites", { session: viewer });
    expect(list.body.sites.map((s: { name: string }) => s.name)).toContain("fra-1");
    expect((await call(sitesRoute.POST, "POST", "/api/v1/sites", { session: viewer, body: { name: "x" } })).status).toBe(403);

    expect((await call(siteRoute.DELETE, "DELETE", `/api/v1/sites/${id}`, {}, { id })).status).toBe(204);
    expect((await call(siteRoute.DELETE, "DELETE", `/api/v1/sites/${id}`, {}, { id })).status).toBe(404);
    expect((await audits("site.create")).at(-1)).toMatchObject({ targetId: id, details: { name: "fra1" } });
    expect((await audits("site.update")).at(-1)!.details).toEqual({ name: "fra-1", renamed: { from: "fra1", to: "fra-1" } });
    expect((await audits("site.delete")).at(-1)).toMatchObject({ targetId: id, details: { name: "fra-1" } });
  });
});

describe("credentials", () => {
  it("check a private key by parsing it and name the bad field", async () => {
    const wrongPass = await call(credentialsRoute.POST, "POST", "/api/v1/credentials", { body: { name: "k", username: "deploy", kind: "PRIVATE_KEY", secret: userKey.private, passphrase: "wrong" } });
    expect(wrongPass.status).toBe(400);
    expect(fieldsOf(wrongPass)).toEqual(["body.passphrase"]);
    const missingPass = await call(credentialsRoute.POST, "POST", "/api/v1/credentials", { body: { name: "k", username: "deploy", kind: "PRIVATE_KEY", secret: userKey.private } });
    expect(fieldsOf(missingPass)).toEqual(["body.passphrase"]);
    const notAKey = await call(credentialsRoute.POST, "POST", "/api/v1/credentials", { body: { name: "k", username: "deploy", kind: "PRIVATE_KEY", secret: "-----BEGIN NONSENSE-----\nabc\n" } });
    expect(notAKey.status).toBe(400);
    expect(fieldsOf(notAKey)).toEqual(["body.secret"]);
    const publicKey = await call(credentialsRoute.POST, "POST", "/api/v1/credentials", { body: { name: "k", username: "deploy", kind: "PRIVATE_KEY", secret: userKey.public } });
    expect(fieldsOf(publicKey)).toEqual(["body.secret"]);
    expect(await t.db.credential.count()).toBe(0);
  });

  it("seal the secret, never return it, report the key's fingerprint, and open it for the poller", async () => {
    const created = await keyCredential("deploy-key");
    expect(created.status).toBe(201);
    const pub = ssh2.utils.parseKey(userKey.public) as ssh2.ParsedKey;
    expect(created.body).toMatchObject({ name: "deploy-key", username: "deploy", kind: "PRIVATE_KEY", keyType: "ssh-ed25519", fingerprint: fingerprintOf(pub.getPublicSSH()), secretReadable: true, usedBy: 0 });
    expect(Object.keys(created.body).sort()).toEqual(["createdAt", "fingerprint", "id", "keyType", "kind", "name", "publicKey", "secretReadable", "updatedAt", "usedBy", "username"]);

    const pw = await call(credentialsRoute.POST, "POST", "/api/v1/credentials", { body: { name: "root-pw", username: "root", kind: "PASSWORD", secret: PASSWORD } });
    expect(pw.body).toMatchObject({ kind: "PASSWORD", fingerprint: null, publicKey: null });
    expect((await call(credentialsRoute.POST, "POST", "/api/v1/credentials", { body: { name: "Root-PW", username: "x", kind: "PASSWORD", secret: "x" } })).status).toBe(409);

    const rows = await t.db.credential.findMany();
    for (const row of rows) {
      const bytes = Buffer.from(row.secretCiphertext).toString("latin1");
      for (const plain of [keyMarker, "OPENSSH", PASSPHRASE, PASSWORD]) expect(bytes).not.toContain(plain);
    }
    const opened = await loadCredentialSecret(t.db, rt.secretBox, created.body.id);
    expect(opened).toMatchObject({ username: "deploy", kind: "PRIVATE_KEY", privateKey: userKey.private, passphrase: PASSPHRASE });
    expect(await loadCredentialSecret(t.db, rt.secretBox, pw.body.id)).toMatchObject({ username: "root", password: PASSWORD });

    const list = await call(credentialsRoute.GET, "GET", "/api/v1/credentials");
    expect(list.body.credentials.map((c: { name: string }) => c.name)).toEqual(["deploy-key", "root-pw"]);
    expect((await call(credentialsRoute.GET, "GET", "/api/v1/credentials", { session: viewer })).status).toBe(403);
    for (const a of await t.db.auditEvent.findMany({ where: { targetType: "credential" } })) {
      expect(JSON.stringify(a.details)).not.toMatch(new RegExp(`${PASSPHRASE}|${PASSWORD}|PRIVATE KEY`));
    }
  });

  it("replace the secret on update and refuse deletion while a server uses them", async () => {
    const cred = await keyCredential("rotating");
    const id = cred.body.id as string;
    const replaced = await call(credentialRoute.PATCH, "PATCH", `/api/v1/credentials/${id}`, { body: { secret: otherKey.private } }, { id });
    expect(replaced.status).toBe(200);
    expect(replaced.body.fingerprint).not.toBe(cred.body.fingerprint);
    expect((await loadCredentialSecret(t.db, rt.secretBox, id)).passphrase).toBeUndefined();
    const audit = (await audits("credential.update")).at(-1)!;
    expect(audit.details).toMatchObject({ name: "rotating", secretReplaced: true, fingerprint: { from: cred.body.fingerprint, to: replaced.body.fingerprint } });

    const toPassword = await call(credentialRoute.PATCH, "PATCH", `/api/v1/credentials/${id}`, { body: { kind: "PASSWORD" } }, { id });
    expect(fieldsOf(toPassword)).toEqual(["body.secret"]);

    const server = await createServer({ name: "uses-rotating", address: "10.1.0.1", credentialId: id });
    const refused = await call(credentialRoute.DELETE, "DELETE", `/api/v1/credentials/${id}`, {}, { id });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/used by 1 server \(uses-rotating\)/);
    expect((await call(credentialsRoute.GET, "GET", "/api/v1/credentials")).body.credentials.find((c: { id: string }) => c.id === id).usedBy).toBe(1);

    await call(serverRoute.DELETE, "DELETE", `/api/v1/servers/${server.body.id}`, {}, { id: server.body.id });
    expect((await call(credentialRoute.DELETE, "DELETE", `/api/v1/credentials/${id}`, {}, { id })).status).toBe(204);
    expect((await audits("credential.delete")).at(-1)).toMatchObject({ targetId: id, details: { name: "rotating" } });
  });
});

describe("servers", () => {
  it("are created with every setting, checked field by field, and audited", async () => {
    const site = (await createSite("ams1")).body;
    const cred = (await keyCredential("ams-key")).body;
    const fp = "SHA256:LZSIdd3TpCq4b9bNGck6GKhWvZbor6GB9g9C+FQPld4";
    const res = await createServer({
      name: "db1.ams1",
      address: "2001:db8::10",
      port: 2222,
      siteId: site.id,
      credentialId: cred.id,
      tags: ["db", "role:primary", "db"],
      pollIntervalMs: 1000,
      agentMode: "EXEC",
      services: ["postgresql@16-main", "pgbouncer"],
      lagProbe: "psql -Atc 'select 1'",
      hostKeyFingerprint: fp,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "db1.ams1", address: "2001:db8::10", port: 2222, site: { id: site.id, name: "ams1" }, credential: { id: cred.id, name: "ams-key" },
      tags: ["db", "role:primary"], enabled: true, pollIntervalMs: 1000, effectivePollIntervalMs: 1000, agentMode: "EXEC", services: ["postgresql@16-main", "pgbouncer"],
      lagProbe: "psql -Atc 'select 1'", hostKeyFingerprint: fp, state: "UNKNOWN", lastSampleAt: null,
    });
    expect((await audits("server.create")).at(-1)).toMatchObject({ targetId: res.body.id, details: { name: "db1.ams1", site: "ams1", credential: "ams-key", lagProbe: "psql -Atc 'select 1'" } });

    const dup = await createServer({ name: "DB1.ams1", address: "10.0.0.1" });
    expect(dup.status).toBe(409);
    expect(fieldsOf(dup)).toEqual(["body.name"]);
    const bad = await createServer({ name: "-bad", address: "10.0.0.256", port: 0, tags: ["Upper"], pollIntervalMs: 200, services: ["a b"], hostKeyFingerprint: "MD5:00", siteId: "not-a-uuid" });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(["body.name", "body.address", "body.port", "body.tags.0", "body.pollIntervalMs", "body.services.0", "body.hostKeyFingerprint", "body.siteId"]));
    const ghostSite = await createServer({ name: "ghost", address: "10.0.0.9", siteId: "0190a3c4-0000-7000-8000-000000000000" });
    expect(fieldsOf(ghostSite)).toEqual(["body.siteId"]);

    const siteDelete = await call(siteRoute.DELETE, "DELETE", `/api/v1/sites/${site.id}`, {}, { id: site.id });
    expect(siteDelete.status).toBe(409);
    expect((await t.db.server.findUniqueOrThrow({ where: { id: res.body.id } })).siteId).toBe(site.id);
  });

  it("keep a pinned host key when the address changes, unless the admin resets it", async () => {
    const fp = "SHA256:AAAAdd3TpCq4b9bNGck6GKhWvZbor6GB9g9C+FQPld4";
    const s = (await createServer({ name: "pinned", address: "10.2.0.1", hostKeyFingerprint: fp })).body;
    const moved = await patchServer(s.id, { address: "10.2.0.2", port: 2200 });
    expect(moved.body).toMatchObject({ address: "10.2.0.2", port: 2200, hostKeyFingerprint: fp });
    const both = await patchServer(s.id, { resetHostKey: true, hostKeyFingerprint: fp });
    expect(fieldsOf(both)).toEqual(["body.resetHostKey"]);
    expect((await patchServer(s.id, { resetHostKey: true })).body.hostKeyFingerprint).toBeNull();
    expect((await audits("server.update")).at(-1)!.details).toMatchObject({ name: "pinned", hostKeyFingerprint: { from: fp, to: null } });

    const disabled = await patchServer(s.id, { enabled: false });
    expect(disabled.body.enabled).toBe(false);
    expect((await audits("server.disable")).at(-1)).toMatchObject({ targetId: s.id, details: { name: "pinned", enabled: { from: true, to: false } } });
    expect((await patchServer(s.id, {})).status).toBe(400);
  });

  it("are listed with their state and filtered by text, site, tags and states", async () => {
    const site = (await createSite("lon1")).body;
    const a = (await createServer({ name: "web-a", address: "web-a.lon.example", siteId: site.id, tags: ["web", "prod"] })).body;
    const b = (await createServer({ name: "web-b", address: "192.0.2.77", siteId: site.id, tags: ["web"] })).body;
    const c = (await createServer({ name: "batch", address: "192.0.2.78", tags: ["prod"] })).body;
    await t.db.server.update({ where: { id: a.id }, data: { state: "UP", stateReason: null, lastSampleAt: new Date(), lastSample: { v: 1, cpu: 12 } } });
    await t.db.server.update({ where: { id: b.id }, data: { state: "DOWN", stateReason: "connection refused" } });

    const names = async (qs: string, session = viewer) => (await call(serversRoute.GET, "GET", `/api/v1/servers${qs}`, { session })).body.servers.map((s: { name: string }) => s.name);
    expect(await names(`?site=${site.id}`)).toEqual(["web-a", "web-b"]);
    expect(await names("?q=192.0.2.7")).toEqual(["batch", "web-b"]);
    expect(await names("?q=WEB-")).toEqual(["web-a", "web-b"]);
    expect(await names("?tag=web&tag=prod")).toEqual(["web-a"]);
    expect(await names("?state=UP&state=DOWN")).toEqual(["web-a", "web-b"]);
    expect(await names(`?site=none&tag=prod`)).toEqual(["batch"]);
    const bad = await call(serversRoute.GET, "GET", "/api/v1/servers?state=SIDEWAYS&tag=Bad");
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(["query.state", "query.tag"]));

    const listed = (await call(serversRoute.GET, "GET", "/api/v1/servers?state=DOWN", { session: viewer })).body.servers[0];
    expect(listed).toMatchObject({ name: "web-b", state: "DOWN", stateReason: "connection refused", site: { name: "lon1" } });
    expect(listed).not.toHaveProperty("lastSample");
    const one = await call(serverRoute.GET, "GET", `/api/v1/servers/${a.id}`, { session: viewer }, { id: a.id });
    expect(one.body).toMatchObject({ name: "web-a", state: "UP", lastSample: { v: 1, cpu: 12 } });
    expect(one.body.lastSampleAt).not.toBeNull();

    expect((await call(serverRoute.DELETE, "DELETE", `/api/v1/servers/${c.id}`, { session: viewer }, { id: c.id })).status).toBe(403);
    expect((await call(serverRoute.DELETE, "DELETE", `/api/v1/servers/${c.id}`, {}, { id: c.id })).status).toBe(204);
    expect((await audits("server.delete")).at(-1)).toMatchObject({ targetId: c.id, details: { name: "batch" } });
  });
});

describe("Ansible import", () => {
  const ini = `
[web]
imp-web[01:03].example.com ansible_user=deploy
imp-odd ansible_host=bad_address

[db]
imp-db1 ansible_host=10.3.0.11 ansible_port=2222

[par1:children]
web

[all:vars]
ansible_user=deploy
`;

  it("previews without writing, then applies in one transaction with one audit event", async () => {
    const site = (await createSite("par1")).body;
    const cred = (await keyCredential("import-key")).body;
    const body = { format: "ini", content: ini, credentialId: cred.id, siteFromGroup: true, dryRun: true };
    const before = await t.db.server.count();

    const preview = await call(importRoute.POST, "POST", "/api/v1/servers/import", { body });
    expect(preview.status).toBe(200);
    expect(preview.body.summary).toEqual({ create: 4, update: 0, unchanged: 0, skip: 1 });
    expect(preview.body.hosts.find((h: { name: string }) => h.name === "imp-odd")).toMatchObject({ action: "skip", reason: expect.stringMatching(/bad_address/) });
    expect(preview.body.hosts.find((h: { name: string }) => h.name === "imp-web02.example.com")).toMatchObject({ action: "create", tags: ["par1", "web"], site: { name: "par1" } });
    expect(await t.db.server.count()).toBe(before);
    expect(await audits("server.import")).toHaveLength(0);

    const applied = await call(importRoute.POST, "POST", "/api/v1/servers/import", { body: { ...body, dryRun: false } });
    expect(applied.body.summary).toEqual({ create: 4, update: 0, unchanged: 0, skip: 1 });
    expect(await t.db.server.count()).toBe(before + 4);
    const web = await t.db.server.findUniqueOrThrow({ where: { name: "imp-web01.example.com" } });
    expect(web).toMatchObject({ address: "imp-web01.example.com", port: 22, tags: ["par1", "web"], siteId: site.id, credentialId: cred.id });
    expect(await t.db.server.findUniqueOrThrow({ where: { name: "imp-db1" } })).toMatchObject({ address: "10.3.0.11", port: 2222, tags: ["db"], siteId: null });
    const [audit] = await audits("server.import");
    expect(audit!.details).toMatchObject({ format: "ini", create: 4, update: 0, unchanged: 0, skip: 1, credential: "import-key", created: expect.arrayContaining(["imp-db1"]) });

    const again = await call(importRoute.POST, "POST", "/api/v1/servers/import", { body: { ...body, dryRun: true } });
    expect(again.body.summary).toEqual({ create: 0, update: 0, unchanged: 4, skip: 1 });
  });

  it("updates servers from a YAML inventory, keeping hand-set tags", async () => {
    await patchServer((await t.db.server.findUniqueOrThrow({ where: { name: "imp-db1" } })).id, { tags: ["db", "pet"] });
    const yaml = `
all:
  children:
    db:
      hosts:
        imp-db1:
          ansible_host: 10.3.0.12
        imp-db2:
          ansible_host: 10.3.0.13
      vars:
        ansible_port: 2222
    primary:
      hosts:
        imp-db1:
`;
    const res = await call(importRoute.POST, "POST", "/api/v1/servers/import", { body: { format: "yaml", content: yaml, dryRun: false } });
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ create: 1, update: 1, unchanged: 0, skip: 0 });
    expect(res.body.hosts[0]).toMatchObject({ name: "imp-db1", action: "update", changes: ["address: 10.3.0.11 → 10.3.0.12", "tags: + primary"] });
    expect(await t.db.server.findUniqueOrThrow({ where: { name: "imp-db1" } })).toMatchObject({ address: "10.3.0.12", port: 2222, tags: ["db", "pet", "primary"] });
  });

  it("answers a bad inventory with 400 naming the problem", async () => {
    const post = (body: Record<string, unknown>) => call(importRoute.POST, "POST", "/api/v1/servers/import", { body: { dryRun: true, ...body } });
    const broken = await post({ format: "ini", content: "[web]\nweb1\n[web:bogus]\n" });
    expect(broken.status).toBe(400);
    expect(broken.body.errors).toEqual([{ path: "body.content", message: expect.stringMatching(/^line 3: section \[web:bogus\] has an unknown type/) }]);
    const yaml = await post({ format: "yaml", content: "all:\n  hosts:\n    - web1\n" });
    expect(yaml.body.errors[0]).toMatchObject({ path: "body.content", message: expect.stringMatching(/must be a mapping/) });
    expect(fieldsOf(await post({ format: "ini", content: "# nothing here\n" }))).toEqual(["body.content"]);
    expect(fieldsOf(await post({ format: "ini", content: "web1\n", credentialId: "0190a3c4-0000-7000-8000-000000000000" }))).toEqual(["body.credentialId"]);
    expect(fieldsOf(await post({ format: "toml", content: "x" }))).toEqual(["body.format"]);
  });
});

describe("test connection", () => {
  let sshServer: ssh2.Server;
  let port: number;
  let hostFingerprint: string;

  beforeAll(async () => {
    const hostKey = ed25519KeyPair();
    hostFingerprint = fingerprintOf((ssh2.utils.parseKey(hostKey.public) as ssh2.ParsedKey).getPublicSSH());
    const allowed = ssh2.utils.parseKey(userKey.public) as ssh2.ParsedKey;
    sshServer = new ssh2.Server({ hostKeys: [hostKey.private] }, (client) => {
      client.on("authentication", (ctx) => {
        if (ctx.method === "publickey" && ctx.username === "deploy" && ctx.key.algo === allowed.type && timingSafeEqual(ctx.key.data, allowed.getPublicSSH())) {
          if (!ctx.signature || allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
        }
        ctx.reject();
      });
      client.on("error", () => {});
    });
    await new Promise<void>((resolve) => sshServer.listen(0, "127.0.0.1", resolve));
    port = (sshServer.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => sshServer.close(() => resolve())));

  it("connects with a stored key and reports the host key, and compares it with an expected one", async () => {
    const cred = (await keyCredential("ssh-test-key")).body;
    const ok = await call(testConnectionRoute.POST, "POST", "/api/v1/servers/test-connection", { body: { address: "127.0.0.1", port, credentialId: cred.id } });
    expect(ok.body).toMatchObject({ ok: true, fingerprint: hostFingerprint, algorithm: "ssh-ed25519", error: null, hostKeyMatches: null });
    expect(ok.body.latencyMs).toBeGreaterThan(0);

    const wrong = await call(testConnectionRoute.POST, "POST", "/api/v1/servers/test-connection", { body: { address: "127.0.0.1", port, credentialId: cred.id, expectedFingerprint: "SHA256:LZSIdd3TpCq4b9bNGck6GKhWvZbor6GB9g9C+FQPld4" } });
    expect(wrong.body).toMatchObject({ ok: false, fingerprint: hostFingerprint, hostKeyMatches: false });

    const other = (await call(credentialsRoute.POST, "POST", "/api/v1/credentials", { body: { name: "not-authorized", username: "deploy", kind: "PRIVATE_KEY", secret: otherKey.private } })).body;
    const denied = await call(testConnectionRoute.POST, "POST", "/api/v1/servers/test-connection", { body: { address: "127.0.0.1", port, credentialId: other.id } });
    expect(denied.body).toMatchObject({ ok: false, fingerprint: hostFingerprint, error: expect.stringMatching(/^auth/) });
    expect((await audits("server.test_connection")).at(-1)!.details).toMatchObject({ address: "127.0.0.1", credential: "not-authorized", ok: false });
  });

  it("tests a server against its pinned key and offers to pin when none is", async () => {
    const cred = (await t.db.credential.findUniqueOrThrow({ where: { name: "ssh-test-key" } }));
    const s = (await createServer({ name: "ssh-peer", address: "127.0.0.1", port, credentialId: cred.id })).body;
    const first = await call(serverTestConnectionRoute.POST, "POST", `/api/v1/servers/${s.id}/test-connection`, {}, { id: s.id });
    expect(first.body).toMatchObject({ ok: true, fingerprint: hostFingerprint, pinnedFingerprint: null, canPin: true });

    await patchServer(s.id, { hostKeyFingerprint: first.body.fingerprint, hostKeyAlgorithm: first.body.algorithm });
    const pinned = await call(serverTestConnectionRoute.POST, "POST", `/api/v1/servers/${s.id}/test-connection`, {}, { id: s.id });
    expect(pinned.body).toMatchObject({ ok: true, hostKeyMatches: true, pinnedFingerprint: hostFingerprint, canPin: false });
    expect(await t.db.server.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ hostKeyFingerprint: hostFingerprint, hostKeyAlgorithm: "ssh-ed25519" });

    const bare = (await createServer({ name: "no-credential", address: "127.0.0.1", port })).body;
    expect((await call(serverTestConnectionRoute.POST, "POST", `/api/v1/servers/${bare.id}/test-connection`, {}, { id: bare.id })).status).toBe(409);
  });
});
