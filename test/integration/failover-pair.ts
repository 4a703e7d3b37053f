// A simulated PostgreSQL pair (real SSH, `tandem-sim` hooks, `tandem-probe`)
// behind a real HAProxy, watched by the real monitoring service and switched by
// the operations engine: the setup both failover test files (and their
// assertions' helpers) share.
import { createServer, type Server } from "node:http";
import { createTestDatabase, installTestRuntime, type TestDatabase, type TestRuntime } from "./database";
import { getVia, startHaproxy, startHttpBackend, type TestHaproxy, type TestHttpBackend } from "./haproxy";
import { DEFAULT_SIM_PASSWORD, startSimFleet } from "../../agents/sim/sim-fleet";
import type { SimFleet } from "../../agents/sim/sim-types";
import { seedDemoFleet } from "../../server/demo/seed-demo-fleet";
import { failoverActions } from "../../server/failover/failover-actions";
import { createLogger } from "../../server/lib/logger";
import { createMonitoring, type Monitoring } from "../../server/monitoring/monitoring-service";
import { createOperationsEngine, type OperationsEngine } from "../../server/operations/engine";
import { createHub, type Hub } from "../../server/realtime/hub";
import type { Prisma } from "../../server/db/client";
import type { ActionHandler } from "../../server/operations/run-step";

export const log = createLogger({ level: "error" });
const BACKEND = "pg";

export async function eventually<T>(check: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export type FailoverPair = {
  t: TestDatabase;
  rt: TestRuntime;
  sim: SimFleet;
  monitoring: Monitoring;
  engine: OperationsEngine;
  groupId: string;
  serverIds: Record<string, string>;
  liveOf(name: string): ReturnType<Monitoring["snapshot"]>["hosts"][number] | undefined;
  /** Which backends answer n requests through the frontend. */
  servedBy(n?: number): Promise<Set<string>>;
  /** "ROLE/ADMIN_STATE" per member name. */
  roles(): Promise<Record<string, string>>;
  /** A standby qualifies only with a reported lag: wait until monitoring has one for it. */
  standbyReady(name: string): Promise<true>;
  /** Stops what `stopFirst` added, then everything here, in reverse. */
  stop(stopFirst?: () => Promise<void>): Promise<void>;
};

export async function startFailoverPair(o: {
  /** The first three octets of the pair's loopback addresses, distinct per test file. */
  net: string;
  seed: number;
  intervalMs: number;
  group: Partial<Prisma.RedundancyGroupCreateInput> & { name: string };
  /** More engine actions (drills), built once monitoring runs; and where the engine's events go. */
  engine?: { actions?: (ctx: { monitoring: Monitoring; db: TestDatabase["db"]; secretBox: TestRuntime["secretBox"] }) => Record<string, ActionHandler>; emit?: (room: string, event: string, payload: unknown) => void };
}): Promise<FailoverPair> {
  const t = await createTestDatabase();
  const rt = await installTestRuntime(t.db);
  const cleanup: (() => Promise<unknown>)[] = [() => t.drop()];
  const stop = async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const port = () => 2400 + Math.floor(Math.random() * 400);
    const sim = await startSimFleet({
      hosts: [
        { name: "db-a", address: `${o.net}.1`, port: port(), services: ["postgresql"], role: "primary", site: "lab" },
        { name: "db-b", address: `${o.net}.2`, port: port(), services: ["postgresql"], role: "standby", site: "lab" },
      ],
      seed: o.seed,
    });
    cleanup.push(() => sim.stop());
    await seedDemoFleet(
      t.db,
      rt.secretBox,
      sim.hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, username: h.username, fingerprint: h.hostKeyFingerprint, site: "lab", services: h.services })),
      DEFAULT_SIM_PASSWORD,
      { intervalMs: o.intervalMs },
    );
    const serverIds: Record<string, string> = {};
    for (const s of await t.db.server.findMany({ select: { id: true, name: true } })) serverIds[s.name] = s.id;

    // The pair's service: the primary's backend in rotation, the standby's in maintenance.
    const backends: TestHttpBackend[] = [await startHttpBackend("db-a"), await startHttpBackend("db-b")];
    for (const b of backends) cleanup.push(() => b.stop());
    const haproxy: TestHaproxy = await startHaproxy({
      backends: [{ name: BACKEND, servers: [{ name: "db-a", port: backends[0]!.port }, { name: "db-b", port: backends[1]!.port, disabled: true }] }],
    });
    cleanup.push(() => haproxy.stop());
    const lb = await t.db.loadBalancer.create({ data: { name: "it-haproxy", kind: "HAPROXY", address: haproxy.statsAddress, backend: BACKEND } });
    const group = await t.db.redundancyGroup.create({
      data: {
        mode: "ACTIVE_PASSIVE",
        minHealthy: 1,
        maxReplicationLagSeconds: 30,
        requireFencing: true,
        hooks: { check: "tandem-sim check", promote: "tandem-sim role primary", demote: "tandem-sim role standby", fence: "tandem-sim fence" },
        ...o.group,
        loadBalancer: { connect: { id: lb.id } },
        members: {
          create: [
            { server: { connect: { id: serverIds["db-a"]! } }, role: "PRIMARY", priority: 200, lbBackendServer: "db-a" },
            { server: { connect: { id: serverIds["db-b"]! } }, role: "STANDBY", priority: 100, lbBackendServer: "db-b" },
          ],
        },
      },
    });

    const http: Server = createServer();
    const hub: Hub = createHub(http, rt);
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    cleanup.push(() => hub.close());
    const monitoring = createMonitoring({ db: t.db, secretBox: rt.secretBox, hub, log, tickMs: 250 });
    await monitoring.start();
    cleanup.push(() => monitoring.stop());
    const engine = createOperationsEngine({
      db: t.db,
      actions: { ...failoverActions({ db: t.db, secretBox: rt.secretBox, log }), ...o.engine?.actions?.({ monitoring, db: t.db, secretBox: rt.secretBox }) },
      log,
      emit: o.engine?.emit,
    });
    await engine.start();
    cleanup.push(() => engine.stop());

    const liveOf = (name: string) => monitoring.snapshot().hosts.find((h) => h.id === serverIds[name]);
    const pair: FailoverPair = {
      t,
      rt,
      sim,
      monitoring,
      engine,
      groupId: group.id,
      serverIds,
      liveOf,
      async servedBy(n = 6) {
        const names = new Set<string>();
        for (let i = 0; i < n; i++) names.add(await getVia(haproxy.frontendPort));
        return names;
      },
      async roles() {
        const ms = await t.db.groupMember.findMany({ where: { groupId: group.id }, include: { server: { select: { name: true } } } });
        return Object.fromEntries(ms.map((m) => [m.server.name, `${m.role}/${m.adminState}`]));
      },
      standbyReady: (name) => eventually(() => liveOf(name)?.state === "UP" && liveOf(name)?.lag != null, `${name} UP with a replication lag`),
      async stop(stopFirst) {
        if (stopFirst) await stopFirst().catch(() => undefined);
        await stop();
      },
    };
    await eventually(() => liveOf("db-a")?.state === "UP", "db-a UP");
    await pair.standbyReady("db-b");
    return pair;
  } catch (e) {
    await stop();
    throw e;
  }
}
