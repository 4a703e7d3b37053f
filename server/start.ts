// Starts Tandem in order: database (embedded or DATABASE_URL), migrations,
// runtime, Next.js and the socket hub on one HTTP server; background services
// start only once the port listens. stop() undoes it all in reverse.
import { createServer, type IncomingMessage } from "node:http";
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
import type { Loop } from "./lib/interval-loop";
import { setRuntime, type Runtime } from "./runtime";
import { createMonitoring } from "./monitoring/monitoring-service";
import { createOperationsEngine } from "./operations/engine";
import { rolloutDriver } from "./rollouts/rollout-driver";
import { createRolloutActivity } from "./rollouts/rollout-activity";
import { windowOccurrence } from "./rollouts/start-rollout";
import { startSwitch } from "./failover/start-switch";
import { operationRoomProvider } from "./operations/operation-room";
import { failoverActions } from "./failover/failover-actions";
import { createAutoFailover } from "./failover/auto-failover";
import { createFencedWatch } from "./failover/fenced-watch";
import { createAlertManager } from "./alerts/alert-manager";
import { createAlertSources } from "./alerts/alert-sources";
import { ALERT_EVENTS } from "./alerts/alerts.types";
import { createNotifier } from "./notifications/notifier";
import { createMaintenanceService } from "./maintenance/maintenance-service";
import { drillActionsWith } from "./drills/drill-actions";
import { createDrillGuard } from "./drills/drill-guard";
import { drillScheduleKind } from "./drills/schedules/drill-scheduler";
import { createScheduler } from "./schedules/scheduler";
import { rolloutScheduleKind } from "./rollouts/schedules/rollout-schedule-kind";
import { startScheduledDrill } from "./drills/schedules/start-scheduled-drill";
import { liveStatesOf } from "./groups/group-dto";
import { operationEvents, type TOperationStateEvent } from "./operations/operation.types";
import { startDemo } from "./demo/start-demo";
import { hasRealServers } from "./demo/seed-demo-fleet";
import { createHub, type Hub } from "./realtime/hub";
import { bootstrapAdminFromEnv } from "./setup/create-first-admin";
import { housekeeping } from "./housekeeping";
import { PROTO_HEADER, REMOTE_ADDR_HEADER } from "./http/request-meta";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");

export type Tandem = { url: string; port: number; databaseUrl: string; db: Db; hub: Hub; stop(): Promise<void> };

function version(): string {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/** Our own headers carry the socket's address and protocol to route handlers; a client must not forge them. */
function stampConnectionFacts(req: IncomingMessage): void {
  delete req.headers[REMOTE_ADDR_HEADER];
  delete req.headers[PROTO_HEADER];
  req.headers[REMOTE_ADDR_HEADER] = req.socket.remoteAddress ?? "";
  req.headers[PROTO_HEADER] = "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
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
    setRuntime({
      config,
      db,
      log,
      version: version(),
      startedAt: new Date(),
      expectedMigrations,
      secretBox,
      services,
      onSessionsRevoked: (target) => hub?.endSessions(target),
    });
    cleanup.push(async () => setRuntime(undefined));

    const dev = opts.dev ?? config.env !== "production";
    const app = next({ dev, dir: PROJECT_ROOT, hostname: config.host, port: config.port });
    await app.prepare();
    cleanup.push(() => app.close());
    const handleRequest = app.getRequestHandler();
    const handleUpgrade = app.getUpgradeHandler();

    const server = createServer((req, res) => {
      stampConnectionFacts(req);
      handleRequest(req, res).catch((e: unknown) => {
        log.error("request failed", { err: e as Error, url: req.url });
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (req.url?.startsWith("/socket.io/")) return; // socket.io's own listener takes it
      if (dev) void handleUpgrade(req, socket, head);
      else socket.destroy();
    });
    hub = createHub(server, { db, config, log });

    await new Promise<void>((resolve, reject) => {
      server.once("error", (e: NodeJS.ErrnoException) =>
        reject(e.code === "EADDRINUSE" ? new Error(`Port ${config.port} on ${config.host} is already in use; set PORT to another port`) : e),
      );
      server.listen(config.port, config.host, () => resolve());
    });
    cleanup.push(async () => {
      await hub!.close(); // closes the HTTP server too
      server.closeAllConnections();
    });
    const port = (server.address() as { port: number }).port;

    // Background services start only now that the database is migrated and the port listens.
    const loops: Loop[] = [housekeeping(db, log, { loginWindowMs: config.loginLimit.windowMs })];
    for (const l of loops) l.start();
    cleanup.push(async () => {
      await Promise.all(loops.map((l) => l.stop()));
    });
    // The demo fleet: on the embedded default while no real servers are configured, or when asked.
    const demo = config.demo ?? (!config.databaseUrl && !(await hasRealServers(db)));
    if (demo) {
      const sim = await startDemo(db, secretBox, log.child({ component: "demo" }));
      services.simulator = sim;
      cleanup.push(async () => {
        delete services.simulator;
        await sim.stop();
      });
    }
    const monitoring = createMonitoring({ db: monitoringDb, secretBox, hub, log, policy: config.health, retention: config.retention });
    await monitoring.start();
    services.monitoring = monitoring;
    cleanup.push(async () => {
      delete services.monitoring;
      await monitoring.stop();
    });
    // Maintenance windows: the fleet view shows who is in one; alerts and automatic failover ask it below.
    const maintenance = createMaintenanceService({ db, secretBox, log, onChange: (ids) => monitoring.touch(ids) });
    monitoring.setMaintenance((id) => maintenance.markFor(id));
    await maintenance.start();
    services.maintenance = maintenance;
    cleanup.push(async () => {
      delete services.maintenance;
      await maintenance.stop();
    });

    // Alerts: webhook deliveries first (the manager queues into them), then the manager, fed once operations and failover run.
    const notifier = createNotifier({ db, secretBox, log: log.child({ component: "notifications" }), publicUrl: config.publicUrl });
    notifier.start();
    services.notifier = notifier;
    cleanup.push(async () => {
      delete services.notifier;
      await notifier.stop();
    });
    const alerts = createAlertManager({ db, log, emit: (room, event, payload) => void hub!.io.to(room).emit(event, payload), notify: (a, e) => notifier.notify(a, e) });
    // Servers a rollout has out of rotation: their expected alerts are held, automatic failover keeps away.
    const rolloutActivity = createRolloutActivity();
    alerts.setSuppressor((subject) => maintenance.suppressing(subject) ?? rolloutActivity.suppressing(subject));
    await alerts.start();
    services.alerts = alerts;
    hub.setRoomProvider("alerts", { event: ALERT_EVENTS.snapshot, snapshot: () => alerts.snapshot() });
    cleanup.push(async () => {
      delete services.alerts;
      await alerts.stop();
    });
    const alertSources = createAlertSources({ db, manager: alerts, health: monitoring.engine, log });
    await alertSources.start();
    cleanup.push(() => alertSources.stop());

    // After monitoring (plans read live states); cleanup runs in reverse, so it stops first.
    const operations = createOperationsEngine({
      db,
      actions: {
        ...failoverActions({ db, secretBox, log: log.child({ component: "failover" }) }),
        ...drillActionsWith({ db, secretBox, monitoring }),
      },
      drivers: {
        ROLLOUT: rolloutDriver({
          secretBox,
          monitoring,
          live: () => liveStatesOf(monitoring),
          sample: (id) => monitoring.hostDetail(id)?.sample,
          windowEnd: async (windowId) => {
            const o = await windowOccurrence(db, windowId, new Date()).catch(() => null);
            return o?.running ? o.end : null;
          },
          activity: rolloutActivity,
          async switchover(groupId, toServerId, reason) {
            const { done } = await startSwitch({ db, engine: operations, live: liveStatesOf(monitoring) }, { userId: null, label: "rollout" }, "SWITCHOVER", groupId, { reason, candidateServerId: toServerId });
            return done;
          },
        }),
      },
      log: log.child({ component: "operations" }),
      emit: (room, event, payload) => {
        hub!.io.to(room).emit(event, payload);
        if (event !== operationEvents.state) return;
        alertSources.onOperationState(payload as TOperationStateEvent);
        drillGuard.onOperationState(payload as TOperationStateEvent);
      },
    });
    // Live drills' stop conditions: alerts and members' health; it halts through the engine.
    const drillGuard = createDrillGuard({ db, engine: operations, alerts, health: monitoring.engine, log });
    hub.setRoomProvider("operation", operationRoomProvider(db));
    await operations.start();
    services.operations = operations;
    cleanup.push(async () => {
      delete services.operations;
      await operations.stop();
    });
    await drillGuard.start();
    cleanup.push(async () => drillGuard.stop());
    // Scheduled drills and rollouts: after the engine (they start operations); a run missed while Tandem was down is recorded as MISSED.
    const scheduler = createScheduler({
      db,
      log,
      kinds: {
        DRILL: drillScheduleKind({
          // A getter: each scheduled drill plans from the fleet as it is when it starts.
          start: startScheduledDrill({ db, engine: operations, get live() { return liveStatesOf(monitoring); } }),
          inMaintenanceWindow: (groupId) => maintenance.groupInWindow(groupId) !== null,
          onMissed: (m) => alertSources.onDrillMissed(m),
        }),
        // Getters, like the drills': each run plans from the fleet as it is when it starts.
        ROLLOUT: rolloutScheduleKind({ db, engine: operations, get live() { return liveStatesOf(monitoring); }, sample: (id) => monitoring.hostDetail(id)?.sample }),
      },
    });
    await scheduler.start();
    cleanup.push(() => scheduler.stop());
    // Automatic failover: after operations (it starts them); cleanup runs in reverse, so it unsubscribes first.
    // Manual switchovers and failovers are not subject to its cooldown or brake.
    const autoFailover = createAutoFailover({
      db,
      secretBox,
      log: log.child({ component: "auto-failover" }),
      engine: operations,
      monitoring,
      brake: config.failoverBrake,
      onDecision: (d) => alertSources.onAutoDecision(d),
      maintenanceWindow: (_groupId, serverId) => maintenance.blockingFailover(serverId) ?? rolloutActivity.blockingFailover(serverId),
    });
    autoFailover.start();
    cleanup.push(() => autoFailover.stop());
    // Split-brain guard: fenced old primaries are asked their role; one that claims primary is an alert and stays isolated.
    const fencedWatch = createFencedWatch({ db, secretBox, log, health: monitoring.engine, onClaim: (c) => alertSources.onRoleClaim(c) });
    fencedWatch.start();
    cleanup.push(() => fencedWatch.stop());

    const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
    return { url: `http://${shownHost}:${port}`, port, databaseUrl, db, hub, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
