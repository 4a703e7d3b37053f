// The demo fleet's inventory: sites, one password credential and a server per
// simulated host, with host keys pinned from the simulator. Idempotent: a
// restart updates addresses and pins in place; an admin's edits to anything
// else are kept.
import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemActor } from "../auth/principal";
import { sealCredential } from "../inventory/credentials/credential-secret";

export const DEMO_TAG = "demo";
export const DEMO_CREDENTIAL = "demo-fleet";

export type DemoHost = {
  name: string;
  address: string;
  port: number;
  username: string;
  fingerprint: string;
  site?: string;
  role?: string;
  services?: string[];
};

export async function seedDemoFleet(db: Db, box: SecretBox, hosts: DemoHost[], password: string, opts: { intervalMs?: number } = {}): Promise<{ created: number; updated: number }> {
  return db.$transaction(async (tx) => {
    const siteIds = new Map<string, string>();
    for (const name of new Set(hosts.map((h) => h.site).filter((s): s is string => Boolean(s)))) {
      const site = await tx.site.upsert({ where: { name }, update: {}, create: { name, description: "Demo site (simulated)" } });
      siteIds.set(name, site.id);
    }
    const username = hosts[0]?.username ?? "tandem";
    const secretCiphertext = sealCredential(box, { v: 1, kind: "PASSWORD", password });
    const cred = await tx.credential.upsert({
      where: { name: DEMO_CREDENTIAL },
      update: { username, secretCiphertext },
      create: { name: DEMO_CREDENTIAL, username, kind: "PASSWORD", secretCiphertext },
    });
    let created = 0;
    let updated = 0;
    for (const h of hosts) {
      const existing = await tx.server.findUnique({ where: { name: h.name } });
      const tags = [DEMO_TAG, ...(h.role ? [h.role] : [])];
      if (existing) {
        if (existing.address !== h.address || existing.port !== h.port || existing.hostKeyFingerprint !== h.fingerprint) {
          await tx.server.update({ where: { id: existing.id }, data: { address: h.address, port: h.port, hostKeyFingerprint: h.fingerprint } });
          updated++;
        }
        continue;
      }
      await tx.server.create({
        data: {
          name: h.name,
          description: "Simulated demo server",
          address: h.address,
          port: h.port,
          siteId: h.site ? siteIds.get(h.site) : undefined,
          credentialId: cred.id,
          hostKeyFingerprint: h.fingerprint,
          tags,
          services: h.services ?? [],
          pollIntervalMs: opts.intervalMs ?? null,
        },
      });
      created++;
    }
    if (created || updated) {
      await recordAuditEvent(tx, systemActor, { action: "demo.seed", targetType: "server", details: { created, updated, hosts: hosts.length } });
    }
    return { created, updated };
    // A few queries per host, once at start-up: on a loaded machine that can pass Prisma's default 5 s.
  }, { timeout: 30_000 });
}

/** Real servers are any not tagged as demo ones. */
export async function hasRealServers(db: Db): Promise<boolean> {
  return (await db.server.count({ where: { NOT: { tags: { has: DEMO_TAG } } } })) > 0;
}
