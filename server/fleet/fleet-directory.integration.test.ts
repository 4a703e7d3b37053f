// The fleet directory against a real PostgreSQL: what it reads, and the
// inventory fingerprint that lets every node skip the periodic re-read: it must
// change with every edit that changes what is polled or shown, and must not
// change with health the pollers persist (or every reload would re-read all).
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/integration/database";
import { inventoryVersion, loadDirectory } from "./fleet-directory";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

it("reads every server with its site, and fingerprints the inventory but not its health", async () => {
  const site = await t.db.site.create({ data: { name: "fra1" } });
  const cred = await t.db.credential.create({ data: { name: "ops", username: "tandem", kind: "PASSWORD", secretCiphertext: Buffer.from("sealed-1") } });
  const a = await t.db.server.create({ data: { name: "db-a", address: "10.0.0.1", siteId: site.id, credentialId: cred.id, tags: ["pg", "prod"], services: ["postgresql"] } });
  const b = await t.db.server.create({ data: { name: "db-b", address: "10.0.0.2", port: 2222, agentMode: "EXEC", enabled: false } });

  const d = await loadDirectory(t.db);
  expect([...d.keys()]).toEqual([a.id, b.id]);
  expect(d.get(a.id)).toMatchObject({ name: "db-a", address: "10.0.0.1", port: 22, site: { id: site.id, name: "fra1" }, credentialId: cred.id, tags: ["pg", "prod"], services: ["postgresql"], enabled: true, agentMode: "STREAM", state: "UNKNOWN", lagProbe: null });
  expect(d.get(b.id)).toMatchObject({ site: null, port: 2222, agentMode: "EXEC", enabled: false, credentialId: null });
  expect(d.get(a.id)!.stateSince).toBeInstanceOf(Date);

  let v = await inventoryVersion(t.db);
  const changes = async (what: string, edit: () => Promise<unknown>, expected: boolean) => {
    await edit();
    const next = await inventoryVersion(t.db);
    expect(next !== v, what).toBe(expected);
    v = next;
  };
  // Health the pollers write: not an inventory change.
  await changes("state persisted", () => t.db.server.update({ where: { id: a.id }, data: { state: "DOWN", stateSince: new Date(), stateReason: "ssh timeout", lastSampleAt: new Date(), lastSample: { cpu: 1 } } }), false);
  // Every edit that changes what is polled or shown.
  await changes("address", () => t.db.server.update({ where: { id: a.id }, data: { address: "10.0.0.9" } }), true);
  await changes("port", () => t.db.server.update({ where: { id: b.id }, data: { port: 22 } }), true);
  await changes("name", () => t.db.server.update({ where: { id: b.id }, data: { name: "db-b2" } }), true);
  await changes("tags", () => t.db.server.update({ where: { id: a.id }, data: { tags: ["pg"] } }), true);
  await changes("enabled", () => t.db.server.update({ where: { id: b.id }, data: { enabled: true } }), true);
  await changes("interval", () => t.db.server.update({ where: { id: a.id }, data: { pollIntervalMs: 2000 } }), true);
  await changes("pinned key", () => t.db.server.update({ where: { id: a.id }, data: { hostKeyFingerprint: `SHA256:${"A".repeat(43)}` } }), true);
  await changes("services", () => t.db.server.update({ where: { id: a.id }, data: { services: [] } }), true);
  await changes("lag probe", () => t.db.server.update({ where: { id: a.id }, data: { lagProbe: "echo 0" } }), true);
  await changes("site renamed", () => t.db.site.update({ where: { id: site.id }, data: { name: "fra2" } }), true);
  await changes("secret rotated (same updatedAt)", () => t.db.$executeRaw`UPDATE "Credential" SET "secretCiphertext" = ${Buffer.from("sealed-2")} WHERE id = ${cred.id}::uuid`, true);
  await changes("credential user", () => t.db.credential.update({ where: { id: cred.id }, data: { username: "root" } }), true);
  await changes("server added", () => t.db.server.create({ data: { name: "db-c", address: "10.0.0.3" } }), true);
  await changes("server removed", () => t.db.server.delete({ where: { name: "db-c" } }), true);
  await changes("nothing", async () => undefined, false);
});
