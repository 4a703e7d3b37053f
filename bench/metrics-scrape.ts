// `npx tsx bench/metrics-scrape.ts [--servers 5000] [--runs 10]`: one GET /metrics
// scrape (scrapeMetrics: the fleet view, groups and counts from the database,
// prom-client rendering) and one Ansible inventory over a fleet of that size,
// half of it in ACTIVE_PASSIVE pairs, every server with live metrics.
import { parseArgs } from "node:util";
import { createDb } from "../server/db/client";
import { loadConfig } from "../server/config";
import { createLogger } from "../server/lib/logger";
import { createSecretBox, deriveKey } from "../server/crypto/secret-box";
import type { Runtime } from "../server/runtime";
import type { Monitoring } from "../server/monitoring/monitoring-service";
import type { TFleetHost } from "../server/fleet/fleet.types";
import { scrapeMetrics } from "../server/metrics/scrape-metrics";
import { getAnsibleInventory } from "../server/inventory/ansible/get-ansible-inventory";
import { benchDatabase } from "./bench-db";

const { values } = parseArgs({ options: { servers: { type: "string", default: "5000" }, runs: { type: "string", default: "10" }, "max-servers": { type: "string" } } });
const n = Number(values.servers);
const bdb = await benchDatabase();
const db = createDb(bdb.url, { max: 4 });
try {
  const sites = await Promise.all(["fra1", "lon1", "ams1", "nyc1"].map((name) => db.site.create({ data: { name } })));
  const cred = await db.credential.create({ data: { name: "ops", username: "ops", kind: "PASSWORD", secretCiphertext: Buffer.from("x") } });
  for (let i = 0; i < n; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, n - i) }, (_, k) => i + k).map((j) => ({
      name: `srv-${String(j).padStart(5, "0")}`, address: `10.0.${j >> 8}.${j & 255}`, siteId: sites[j % 4]!.id, credentialId: cred.id, tags: [j % 2 ? "web" : "db", `rack-${j % 50}`],
    }));
    await db.server.createMany({ data: rows });
  }
  const servers = await db.server.findMany({ select: { id: true, name: true, address: true, siteId: true, tags: true }, orderBy: { name: "asc" } });
  for (let g = 0; g < n / 4; g += 1) {
    await db.redundancyGroup.create({ data: { name: `grp-${g}`, mode: "ACTIVE_PASSIVE", minHealthy: 1, members: { create: [{ serverId: servers[g * 2]!.id, role: "PRIMARY" }, { serverId: servers[g * 2 + 1]!.id, role: "STANDBY" }] } } });
  }
  const siteOf = new Map(sites.map((s) => [s.id, { id: s.id, name: s.name }]));
  const hosts: TFleetHost[] = servers.map((s, i) => ({
    id: s.id, name: s.name, address: s.address, site: siteOf.get(s.siteId!) ?? null, tags: s.tags, enabled: true, pollMs: 5000,
    state: i % 50 === 0 ? "DOWN" : "UP", health: i % 50 === 0 ? "DOWN" : "UP", since: Date.now(), reason: null, lastSampleAt: Date.now(),
    cpu: i % 100, mem: (i * 7) % 100, disk: (i * 13) % 100, load1: (i % 400) / 100, lag: i % 2 ? 0.5 : null, maintenance: null,
  }));
  const monitoring = { snapshot: () => ({ seq: 1, at: Date.now(), hosts }), engine: { hosts: new Map() } } as unknown as Monitoring;
  const config = loadConfig({ NODE_ENV: "test", ...(values["max-servers"] ? { TANDEM_METRICS_MAX_SERVERS: values["max-servers"] } : {}) });
  const rt: Runtime = {
    config, db, log: createLogger({ level: "warn" }), version: "bench", startedAt: new Date(), expectedMigrations: [],
    onSessionsRevoked: () => undefined, services: { monitoring }, secretBox: createSecretBox(deriveKey("bench-secret-bench-secret-bench-secret")),
  };
  const time = async (label: string, fn: () => Promise<string>) => {
    const ms: number[] = [];
    let bytes = 0;
    for (let r = 0; r < Number(values.runs); r++) {
      const t0 = performance.now();
      bytes = Buffer.byteLength(await fn());
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    console.log(`${label.padEnd(22)} ${(bytes / 1024).toFixed(0).padStart(6)} kB  p50 ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms  max ${ms.at(-1)!.toFixed(0)} ms`);
  };
  console.log(`${n} servers, ${n / 4} groups of two, per-server series capped at ${config.metrics.maxServers}`);
  await time("GET /metrics", () => scrapeMetrics(rt));
  await time("Ansible inventory", async () => JSON.stringify(await getAnsibleInventory(db)));
} finally {
  await db.$disconnect();
  await bdb.drop();
}
