// Starts Tandem in order: database (embedded or DATABASE_URL), migrations,
// runtime, Next.js and the socket hub on one HTTP server; background services
// start only once the port listens. stop() undoes it all in reverse.
import { createServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import { hostname } from "node:os";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Duplex } from "node:stream";
import next from "next";
import type { Config } from "./config";
import { createDb, type Db } from "./db/client";
import { migrate, readMigrations } from "./db/migrate";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./db/embedded-postgres";
import { loadOrCreateSecret } from "./crypto/load-secret";
import { createSecretBox, deriveKey } from "./crypto/secret-box";
import type { Logger } from "./lib/logger";
import { setRuntime, type Runtime } from "./runtime";
import { createMonitoring } from "./monitoring/monitoring-service";
import { operationRoomProvider } from "./operations/operation-room";
import { alertsSnapshot } from "./alerts/alert-manager";
import { ALERT_EVENTS } from "./alerts/alerts.types";
import { createMaintenanceService } from "./maintenance/maintenance-service";
import { startDemo } from "./demo/start-demo";
import { hasRealServers } from "./demo/seed-demo-fleet";
import { createHub, type Hub } from "./realtime/hub";
import { bootstrapAdminFromEnv } from "./setup/create-first-admin";
import { PROTO_HEADER, REMOTE_ADDR_HEADER } from "./http/request-meta";
import { createClusterNode, type ClusterNode } from "./cluster/cluster-node";
import { createLeaderProxy, forwardKey, verifyForwarded, FORWARDED_HEADER, type LeaderProxy } from "./cluster/leader-proxy";
import { createLeadership, startLeaderServices } from "./start-leader";
import type { HealthBatch } from "./cluster/health-relay";
import { sendHealthToParent } from "./workers";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");

export type Tandem = {
  url: string;
  port: number;
  databaseUrl: string;
  /** The key sealing secrets at rest; polling workers forked by this process get it. */
  secret: string;
  db: Db;
  hub: Hub;
  node: ClusterNode;
  /** Applies a health batch one of this node's polling workers sent over IPC. */
  receiveWorkerHealth(b: HealthBatch): void;
  stop(): Promise<void>;
};

function version(): string {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * Our own headers carry the socket's address and protocol to route handlers; a
 * client must not forge them. A request a follower forwarded carries the
 * browser's, signed with the cluster's secret.
 */
function stampConnectionFacts(req: IncomingMessage, key: Buffer): { addr: string; proto: "http" | "https" } {
  const forwarded = verifyForwarded(key, req.headers[FORWARDED_HEADER] as string | undefined);
  if (!forwarded) delete req.headers[FORWARDED_HEADER];
  delete req.headers[REMOTE_ADDR_HEADER];
  delete req.headers[PROTO_HEADER];
  const facts = forwarded ?? { addr: req.socket.remoteAddress ?? "", proto: "encrypted" in req.socket && req.socket.encrypted ? ("https" as const) : ("http" as const) };
  req.headers[REMOTE_ADDR_HEADER] = facts.addr;
  req.headers[PROTO_HEADER] = facts.proto;
  return facts;
}

/** On the embedded database no other process can be a node: an earlier run's leases and leadership go now, not at expiry. */
async function releaseEarlierNodes(db: Db): Promise<void> {
  await db.$executeRaw`DELETE FROM "ServerLease"`;
  await db.$executeRaw`UPDATE "ClusterLeader" SET "expiresAt" = '-infinity' WHERE id = 1`;
  await db.$executeRaw`UPDATE "ClusterNode" SET "stoppedAt" = now() WHERE "stoppedAt" IS NULL AND "lostAt" IS NULL`;
}

export async function startTandem(config: Config, log: Logger, opts: { dev?: boolean } = {}): Promise<Tandem> {
  const cleanup: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const fn of cleanup.reverse()) {
      try {
        await fn();
      } catch (e) {
        log.error("error while stopping", { err: e as Error });
      }
    }
    cleanup.length = 0;
  };

  try {
    let embedded: EmbeddedPostgres | undefined;
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres(path.join(config.dataDir), log.child({ component: "embedded-postgres" }));
      cleanup.push(() => embedded!.stop());
      databaseUrl = embedded.url;
    }

    const migrationsDir = path.join(PROJECT_ROOT, "prisma", "migrations");
    const m = await migrate(databaseUrl, migrationsDir);
    if (m.applied.length) log.info("database migrated", { applied: m.applied });
    const expectedMigrations = (await readMigrations(migrationsDir)).map((f) => f.name);

    const secret = loadOrCreateSecret(config.secret, config.dataDir);
    if (secret.source === "generated") log.warn(`TANDEM_SECRET is not set: generated one in ${path.join(config.dataDir, "secret.key")}; back it up, or set TANDEM_SECRET`);
    const secretBox = createSecretBox(deriveKey(secret.secret));

    const db = createDb(databaseUrl);
    cleanup.push(() => db.$disconnect());
    // Monitoring writes through a pool of its own: a flood of first-sight pins, state
    // changes or samples (thousands of servers added at once) never takes the
    // connections that API requests and operations need.
    const monitoringDb = createDb(databaseUrl, { max: 4 });
    cleanup.push(() => monitoringDb.$disconnect());
    const admin = await bootstrapAdminFromEnv(db, config.bootstrapAdmin);
    if (admin === "created") log.info("created the first admin from TANDEM_ADMIN_EMAIL", { email: config.bootstrapAdmin?.email });

    let hub: Hub | undefined;
    const services: Runtime["services"] = {};
    const runtime: Runtime = {
      config,
      db,
      log,
      version: version(),
      startedAt: new Date(),
      expectedMigrations,
      secretBox,
      services,
      onSessionsRevoked: (target) => hub?.endSessions(target),
    };
    setRuntime(runtime);
    cleanup.push(async () => setRuntime(undefined));

    // A polling worker (TANDEM_WORKERS) has no web server: it polls its leases and relays their health.
    const web = config.cluster.workerIndex === undefined;
    const dev = opts.dev ?? config.env !== "production";
    let server: HttpServer | undefined;
    let proxy: LeaderProxy | undefined;
    if (web) {
      const app = next({ dev, dir: PROJECT_ROOT, hostname: config.host, port: config.port });
      await app.prepare();
      cleanup.push(() => app.close());
      const handleRequest = app.getRequestHandler();
      const handleUpgrade = app.getUpgradeHandler();
      const forwardKeyed = forwardKey(secret.secret);
      server = createServer((req, res) => {
        const facts = stampConnectionFacts(req, forwardKeyed);
        // On a follower, mutations go to the leader, which alone runs operations and alerts.
        void (proxy ? proxy.handle(req, res, facts) : Promise.resolve(false))
          .then((forwarded) => (forwarded ? undefined : handleRequest(req, res)))
          .catch((e: unknown) => {
            log.error("request failed", { err: e as Error, url: req.url });
            if (!res.headersSent) res.writeHead(500).end();
          });
      });
      server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (req.url?.startsWith("/socket.io/")) return; // socket.io's own listener takes it
        if (dev) void handleUpgrade(req, socket, head);
        else socket.destroy();
      });
    }
    hub = createHub(server, { db, config, log });
    // Several nodes share this database (or may): broadcasts and relayed health cross them.
    const clustered = Boolean(config.databaseUrl) || config.cluster.workers > 1 || Boolean(config.cluster.redisUrl);
    if (clustered) await hub.useAdapter(config.cluster.redisUrl ? { kind: "redis", redisUrl: config.cluster.redisUrl } : { kind: "postgres", databaseUrl });
    cleanup.push(async () => {
      await hub!.close(); // closes the HTTP server too
      server?.closeAllConnections();
    });

    let port = 0;
    if (server) {
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once("error", (e: NodeJS.ErrnoException) =>
          reject(e.code === "EADDRINUSE" ? new Error(`Port ${config.port} on ${config.host} is already in use; set PORT to another port`) : e),
        );
        s.listen(config.port, config.host, () => resolve());
      });
      port = (s.address() as { port: number }).port;
    }
    const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
    const url = web ? `http://${shownHost}:${port}` : "";

    // This process as a node of the cluster: heartbeat, leader lease, server leases.
    const node = createClusterNode({
      db,
      log,
      // A worker inherits TANDEM_NODE_NAME from its parent: its own name must differ, or it would retire
      // the parent as an earlier incarnation of itself.
      name: web ? (config.cluster.nodeName ?? `${hostname()}:${port}`) : `${config.cluster.nodeName ?? hostname()}-w${config.cluster.workerIndex}`,
      url: web ? (config.cluster.nodeUrl ?? url) : null,
      leaderEligible: config.cluster.leaderEligible,
      version: version(),
      leaseMs: config.cluster.leaseMs,
      pace: config.cluster.leasePace,
      parentId: config.cluster.parentNodeId,
    });
    // Stopped after monitoring (cleanup runs in reverse): pollers end before their leases are handed back.
    cleanup.push(() => node.stop());
    runtime.cluster = node;
    runtime.realtime = hub.adapter;
    // The embedded database is this process's alone: whatever an earlier run left (kill -9) is released at once.
    if (embedded) await releaseEarlierNodes(db);
    if (web) proxy = createLeaderProxy({ db, nodeId: node.id, selfUrl: config.cluster.nodeUrl ?? url, isLeader: () => node.isLeader(), secret: secret.secret, log });

    // The demo fleet: on the embedded default while no real servers are configured, or when asked (one node of a cluster only).
    const demo = web && (config.demo ?? (!config.databaseUrl && !(await hasRealServers(db))));
    if (demo) {
      const sim = await startDemo(db, secretBox, log.child({ component: "demo" }), undefined, path.join(config.dataDir, "demo-fleet-state.json"));
      services.simulator = sim;
      cleanup.push(async () => {
        delete services.simulator;
        await sim.stop();
      });
    }
    const monitoring = createMonitoring({
      db: monitoringDb,
      secretBox,
      hub,
      log,
      policy: config.health,
      retention: config.retention,
      maxConcurrentConnects: config.sshConnects,
      cluster: node,
      fleetWide: web || config.cluster.leaderEligible,
      // A worker forked by TANDEM_WORKERS hands its health to its parent over the fork's IPC channel.
      relayToParent: !web && config.cluster.parentNodeId && process.send ? sendHealthToParent : undefined,
    });
    await monitoring.start();
    services.monitoring = monitoring;
    cleanup.push(async () => {
      delete services.monitoring;
      await monitoring.stop();
    });
    // Maintenance windows on every node (the fleet view shows who is in one); the leader alone drains members.
    const maintenance = createMaintenanceService({ db, secretBox, log, onChange: (ids) => monitoring.touch(ids), acting: () => node.isLeader() });
    monitoring.setMaintenance((id) => maintenance.markFor(id));
    await maintenance.start();
    services.maintenance = maintenance;
    cleanup.push(async () => {
      delete services.maintenance;
      await maintenance.stop();
    });
    // Rooms answer from any node: alerts from the database, operations too.
    hub.setRoomProvider("alerts", { event: ALERT_EVENTS.snapshot, snapshot: () => services.alerts?.snapshot() ?? alertsSnapshot(db), shared: true });
    hub.setRoomProvider("operation", operationRoomProvider(db));

    // The leader's services start on election and stop on deposition, one term at a time.
    const leadership = createLeadership(
      (epoch) => startLeaderServices({ config, db, secretBox, log, hub: hub!, node, monitoring, maintenance, services }, epoch),
      log,
      () => void node.resign("its services could not start").catch(() => undefined),
    );
    node.on("leader", (epoch) => leadership.elected(epoch));
    node.on("deposed", () => leadership.deposed());
    await node.start();
    // Cleanup runs in reverse: the leader's services stop first, their last writes still fenced-valid.
    cleanup.push(() => leadership.shutdown());
    await leadership.settled();

    return { url, port, databaseUrl, secret: secret.secret, db, hub, node, receiveWorkerHealth: (b: HealthBatch) => services.monitoring?.receiveRelayed(b), stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
