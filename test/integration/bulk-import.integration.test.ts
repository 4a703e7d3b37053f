// Hundreds of servers added in one Ansible import, polled over real SSH (the
// simulated fleet): every first-sight host key is stored before its server is
// reported UP, even while the database holds the pins back; API requests keep
// answering meanwhile; exactly one audit record per pin and no error logged.
import { createServer, type Server as HttpServer } from "node:http";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase, type TestRuntime } from "./database";
import { callRoute } from "./http";
import { seedUser } from "./users";
import * as importRoute from "../../app/api/v1/servers/import/route";
import * as serversRoute from "../../app/api/v1/servers/route";
import * as sitesRoute from "../../app/api/v1/sites/route";
import { startSimFleet, DEFAULT_SIM_PASSWORD } from "../../agents/sim/sim-fleet";
import type { SimFleet } from "../../agents/sim/sim-types";
import { createDb, type Db } from "../../server/db/client";
import { sealCredential } from "../../server/inventory/credentials/credential-secret";
import { createMonitoring, type Monitoring } from "../../server/monitoring/monitoring-service";
import { createHub, type Hub } from "../../server/realtime/hub";
import type { Logger } from "../../server/lib/logger";

const N = 300;
let t: TestDatabase;
let rt: TestRuntime;
let sim: SimFleet;
let http: HttpServer;
let hub: Hub;
let monitoringDb: Db;
let monitoring: Monitoring;
let admin: string;
const problems: string[] = [];

/** Keeps warnings and errors to assert on; says nothing otherwise. */
function capturingLogger(): Logger {
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (m, f) => void problems.push(`WARN ${m} ${JSON.stringify(f ?? {})}`),
    error: (m, f) => void problems.push(`ERROR ${m} ${JSON.stringify(f ?? {})}`),
    child: () => log,
  };
  return log;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await createTestDatabase();
  rt = await installTestRuntime(t.db);
  admin = (await seedUser(t.db, "ADMIN")).session;
  const port = 2900 + Math.floor(Math.random() * 400);
  sim = await startSimFleet({ hosts: Array.from({ length: N }, (_, i) => ({ name: `bulk-${String(i).padStart(3, "0")}`, address: `127.33.${i >> 7}.${(i & 127) + 1}`, port })), seed: 5 });
  http = createServer();
  hub = createHub(http, rt);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  // As server/start.ts wires it: monitoring writes through a pool of its own.
  monitoringDb = createDb(t.url, { max: 4 });
  monitoring = createMonitoring({ db: monitoringDb, secretBox: rt.secretBox, hub, log: capturingLogger(), tickMs: 250, maxConcurrentConnects: 64 });
  await monitoring.start();
  rt.services.monitoring = monitoring;
}, 60_000);

afterAll(async () => {
  delete rt?.services.monitoring;
  await monitoring?.stop();
  await sim?.stop();
  await hub?.close();
  await monitoringDb?.$disconnect();
  await t?.drop();
});

it(`imports ${N} servers at once: every host key is pinned before its server is UP, the API keeps answering, one audit record each`, async () => {
  const cred = await t.db.credential.create({
    data: { name: "bulk", username: sim.hosts[0]!.username, kind: "PASSWORD", secretCiphertext: sealCredential(rt.secretBox, { v: 1, kind: "PASSWORD", password: DEFAULT_SIM_PASSWORD }) },
  });
  const ini = ["[bulk]", ...sim.hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}`)].join("\n");
  const imported = await callRoute(importRoute.POST, "POST", "/api/v1/servers/import", { session: admin, body: { format: "ini", content: ini, credentialId: cred.id, dryRun: false } });
  expect(imported.status).toBe(200);
  expect(imported.body.summary.create).toBe(N);

  // The database holds every pin back for a while (a busy or slow database): the
  // pollers connect meanwhile, see the keys, and must wait for them to be stored.
  const locker = new pg.Client({ connectionString: t.url });
  await locker.connect();
  await locker.query("BEGIN");
  await locker.query(`SELECT id FROM "Server" FOR UPDATE`);
  const upWithoutPin = new Set<string>();
  const apiStatuses: number[] = [];
  const holdUntil = Date.now() + 7000; // longer than the pollers' jittered start (up to 5 s)
  let i = 0;
  while (Date.now() < holdUntil) {
    const up = [...monitoring.engine.hosts].filter(([, h]) => h.state === "UP" || h.state === "DEGRADED").map(([id]) => id);
    if (up.length) {
      const rows = await t.db.server.findMany({ where: { id: { in: up } }, select: { id: true, name: true, hostKeyFingerprint: true } });
      for (const r of rows) if (!r.hostKeyFingerprint) upWithoutPin.add(r.name);
    }
    // Reads and transactional writes through the API pool still answer.
    apiStatuses.push((await callRoute(serversRoute.GET, "GET", "/api/v1/servers", { session: admin })).status);
    apiStatuses.push((await callRoute(sitesRoute.POST, "POST", "/api/v1/sites", { session: admin, body: { name: `bulk-site-${i++}` } })).status);
    await sleep(250);
  }
  const waiting = monitoring.engine.hosts.size;
  await locker.query("COMMIT");
  await locker.end();

  expect([...upWithoutPin]).toEqual([]);
  expect(waiting).toBe(N);
  expect(new Set(apiStatuses)).toEqual(new Set([200, 201]));

  // Once the database lets them through, every server is pinned and UP.
  const end = Date.now() + 60_000;
  const upCount = () => [...monitoring.engine.hosts.values()].filter((h) => h.state === "UP").length;
  while (upCount() < N && Date.now() < end) await sleep(250);
  expect(upCount()).toBe(N);

  const servers = await t.db.server.findMany({ where: { name: { startsWith: "bulk-" } }, select: { id: true, name: true, hostKeyFingerprint: true } });
  const expected = new Map(sim.hosts.map((h) => [h.name, h.hostKeyFingerprint]));
  expect(servers).toHaveLength(N);
  for (const s of servers) expect(s.hostKeyFingerprint, s.name).toBe(expected.get(s.name));
  const audits = await t.db.auditEvent.groupBy({ by: ["targetId"], where: { action: "server.host_key_pinned" }, _count: true });
  expect(audits).toHaveLength(N);
  expect(audits.every((a) => a._count === 1)).toBe(true);
  // Waiting on the database is worth a warning line per batch at most, never an error per server.
  expect(problems.filter((p) => p.startsWith("ERROR"))).toEqual([]);
}, 120_000);
