// The first-sight pinner against a real PostgreSQL: one write for many pins,
// one audit record per pin it made, and no pin over one set meanwhile.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/integration/database";
import { createLogger } from "../lib/logger";
import { createHostKeyPinner, PinConflictError } from "./host-key-pinner";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

const fp = (c: string) => `SHA256:${c.repeat(43)}`;

it("pins what nobody pinned, accepts the same key pinned meanwhile, and refuses a different one or a removed server", async () => {
  const mk = (name: string, pin: string | null = null) => t.db.server.create({ data: { name, address: "127.0.0.1", hostKeyFingerprint: pin } });
  const [fresh, sameMeanwhile, otherMeanwhile, removed] = await Promise.all([mk("pin-fresh"), mk("pin-same", fp("A")), mk("pin-other", fp("B")), mk("pin-gone")]);
  await t.db.server.delete({ where: { id: removed.id } });
  const pinner = createHostKeyPinner(t.db, createLogger({ level: "error" }));

  const results = await Promise.allSettled([
    pinner.pin(fresh.id, fp("F"), "ssh-ed25519"),
    pinner.pin(fresh.id, fp("F"), "ssh-ed25519"), // a second waiter for the same sighting
    pinner.pin(sameMeanwhile.id, fp("A"), "ssh-ed25519"),
    pinner.pin(otherMeanwhile.id, fp("C"), "ssh-ed25519"),
    pinner.pin(removed.id, fp("D"), "ssh-ed25519"),
  ]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "rejected"]);
  expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(PinConflictError);
  expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/another host key .* was pinned meanwhile/);

  expect(await t.db.server.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ hostKeyFingerprint: fp("F"), hostKeyAlgorithm: "ssh-ed25519" });
  expect((await t.db.server.findUniqueOrThrow({ where: { id: otherMeanwhile.id } })).hostKeyFingerprint).toBe(fp("B"));
  const audits = await t.db.auditEvent.findMany({ where: { action: "server.host_key_pinned" } });
  expect(audits.map((a) => a.targetId)).toEqual([fresh.id]);
  expect(audits[0]!.details).toMatchObject({ fingerprint: fp("F"), how: "first sight" });

  // Two different keys for one server before either is stored: the first seen wins.
  const late = await mk("pin-late");
  const first = pinner.pin(late.id, fp("E"), null);
  await expect(pinner.pin(late.id, fp("G"), null)).rejects.toBeInstanceOf(PinConflictError);
  await first;
  expect((await t.db.server.findUniqueOrThrow({ where: { id: late.id } })).hostKeyFingerprint).toBe(fp("E"));
  await pinner.stop();
  expect(pinner.pending).toBe(0);
});
