// What only the leader of the cluster runs: the operations engine (every
// failover, switchover, drill and rollout, resumed from the database when the
// leader changes), automatic failover decisions, alert evaluation and
// notifications, schedules, the drill guard, the split-brain watch,
// housekeeping, and the watch over the other nodes. Started when this node is
// elected, stopped when it is deposed (abandoning in-flight steps: their
// writes would be refused by the fencing epoch) or shuts down.
import type { Config } from "./config";
import type { Db } from "./db/client";
import type { SecretBox } from "./crypto/secret-box";
import type { Logger } from "./lib/logger";
import type { Runtime } from "./runtime";
import type { Hub } from "./realtime/hub";
import type { Monitoring } from "./monitoring/monitoring-service";
import type { MaintenanceService } from "./maintenance/maintenance-service";
import type { ClusterNode } from "./cluster/cluster-node";
import { createOperationsEngine } from "./operations/engine";
import { rolloutDriver } from "./rollouts/rollout-driver";
import { createRolloutActivity } from "./rollouts/rollout-activity";
import { windowOccurrence } from "./rollouts/start-rollout";
import { startSwitch } from "./failover/start-switch";
import { failoverActions } from "./failover/failover-actions";
import { createAutoFailover } from "./failover/auto-failover";
import { createFencedWatch } from "./failover/fenced-watch";
import { createAlertManager } from "./alerts/alert-manager";
import { createAlertSources } from "./alerts/alert-sources";
import { createNotifier } from "./notifications/notifier";
import { drillActionsWith } from "./drills/drill-actions";
import { siteDriver } from "./dr/site-driver";
import { createDrillGuard } from "./drills/drill-guard";
import { drillScheduleKind } from "./drills/schedules/drill-scheduler";
import { createScheduler } from "./schedules/scheduler";
import { rolloutScheduleKind } from "./rollouts/schedules/rollout-schedule-kind";
import { startScheduledDrill } from "./drills/schedules/start-scheduled-drill";
import { liveStatesOf } from "./groups/group-dto";
import { operationEvents, type TOperationStateEvent } from "./operations/operation.types";
import { housekeeping } from "./housekeeping";
import { createNodeWatch } from "./cluster/node-watch";
import { restoreActions } from "./restore/restore-actions";
import { createAutoRestore } from "./restore/auto-restore";

export type LeaderContext = {
  config: Config;
  db: Db;
  secretBox: SecretBox;
  log: Logger;
  hub: Hub;
  node: ClusterNode;
  monitoring: Monitoring;
  maintenance: MaintenanceService;
  services: Runtime["services"];
};

/** How the leader's term ends: deposed (abandon in-flight steps now) or a clean shutdown (let them finish). */
export type StopLeader = (how: "deposed" | "shutdown") => Promise<void>;

export async function startLeaderServices(ctx: LeaderContext, epoch: number): Promise<StopLeader> {
  const { config, db, secretBox, hub, monitoring, maintenance, services, node } = ctx;
  const log = ctx.log.child({ leaderEpoch: epoch });
  const stops: ((how: "deposed" | "shutdown") => Promise<void>)[] = [];
  const stopAll: StopLeader = async (how) => {
    for (const fn of stops.reverse()) {
      try {
        await fn(how);
      } catch (e) {
        log.error("error while stopping a leader service", { err: e as Error });
      }
    }
    stops.length = 0;
  };

  try {
    const loops = [housekeeping(db, log, { loginWindowMs: config.loginLimit.windowMs })];
    for (const l of loops) l.start();
    stops.push(async () => void (await Promise.all(loops.map((l) => l.stop()))));

    // Alerts: webhook deliveries first (the manager queues into them), then the manager, fed once operations and failover run.
    const notifier = createNotifier({ db, secretBox, log: log.child({ component: "notifications" }), publicUrl: config.publicUrl });
    notifier.start();
    services.notifier = notifier;
    stops.push(async () => {
      delete services.notifier;
      await notifier.stop();
    });
    // Through the adapter: browsers on every node see the leader's alert changes.
    const alerts = createAlertManager({ db, log, emit: (room, event, payload) => void hub.io.to(room).emit(event, payload), notify: (a, e) => notifier.notify(a, e) });
    // Servers a rollout has out of rotation: their expected alerts are held, automatic failover keeps away.
    const rolloutActivity = createRolloutActivity();
    alerts.setSuppressor((subject) => maintenance.suppressing(subject) ?? rolloutActivity.suppressing(subject));
    await alerts.start();
    services.alerts = alerts;
    stops.push(async () => {
      delete services.alerts;
      await alerts.stop();
    });
    const alertSources = createAlertSources({ db, manager: alerts, health: monitoring.engine, log });
    await alertSources.start();
    stops.push(() => alertSources.stop());

    // Site evacuations, returns and drills move each group by a child operation of this same engine.
    const siteOperations = siteDriver({ secretBox, live: () => liveStatesOf(monitoring), engine: () => operations });
    // After monitoring (plans read live states); every write carries this term's epoch.
    const operations = createOperationsEngine({
      db,
      fence: node,
      actions: {
        ...failoverActions({ db, secretBox, log: log.child({ component: "failover" }) }),
        ...drillActionsWith({ db, secretBox, monitoring }),
        ...restoreActions({ db, secretBox, log: log.child({ component: "restore" }), monitoring }),
      },
      drivers: {
        ...Object.fromEntries((["EVACUATION", "SITE_RETURN", "SITE_DRILL"] as const).map((k) => [k, siteOperations])),
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
        hub.io.to(room).emit(event, payload);
        if (event !== operationEvents.state) return;
        alertSources.onOperationState(payload as TOperationStateEvent);
        drillGuard.onOperationState(payload as TOperationStateEvent);
      },
    });
    // Live drills' stop conditions: alerts and members' health; it halts through the engine.
    const drillGuard = createDrillGuard({ db, engine: operations, alerts, health: monitoring.engine, log });
    // What the previous leader (or this process before a restart) left RUNNING is resumed or ended here.
    const recovered = await operations.start();
    if (recovered.length) log.info("operations taken over", { operations: recovered.map((r) => ({ id: r.operationId, action: r.action })) });
    services.operations = operations;
    stops.push(async (how) => {
      delete services.operations;
      await (how === "deposed" ? operations.abandon() : operations.stop());
    });
    await drillGuard.start();
    stops.push(async () => drillGuard.stop());
    // Scheduled drills and rollouts: after the engine (they start operations); a run missed while no leader ran is recorded as MISSED.
    const scheduler = createScheduler({
      db,
      log,
      kinds: {
        DRILL: drillScheduleKind({
          // A getter: each scheduled drill plans from the fleet as it is when it starts.
          start: startScheduledDrill({
            db,
            engine: operations,
            get live() {
              return liveStatesOf(monitoring);
            },
          }),
          inMaintenanceWindow: (groupId) => maintenance.groupInWindow(groupId) !== null,
          onMissed: (m) => alertSources.onDrillMissed(m),
        }),
        // Getters, like the drills': each run plans from the fleet as it is when it starts.
        ROLLOUT: rolloutScheduleKind({
          db,
          engine: operations,
          get live() {
            return liveStatesOf(monitoring);
          },
          sample: (id) => monitoring.hostDetail(id)?.sample,
        }),
      },
    });
    await scheduler.start();
    stops.push(() => scheduler.stop());
    // Automatic failover: after operations (it starts them). Manual switchovers and failovers are not subject to its cooldown or brake.
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
    stops.push(() => autoFailover.stop());
    // Groups short of redundancy for their set time get a RESTORE (after operations: it starts them).
    const autoRestore = createAutoRestore({ db, log: log.child({ component: "auto-restore" }), engine: operations, monitoring });
    autoRestore.start();
    stops.push(() => autoRestore.stop());
    // Split-brain guard: fenced old primaries are asked their role; one that claims primary is an alert and stays isolated.
    const fencedWatch = createFencedWatch({ db, secretBox, log, health: monitoring.engine, onClaim: (c) => alertSources.onRoleClaim(c) });
    fencedWatch.start();
    stops.push(() => fencedWatch.stop());
    // The other nodes: one that stops its heartbeat is an alert (its servers come back by lease expiry, not by this).
    const nodeWatch = createNodeWatch({ db, log, leaseMs: node.leaseMs, selfId: node.id, onNodeState: (n) => alertSources.onNodeState(n) });
    nodeWatch.start();
    stops.push(() => nodeWatch.stop());
    return stopAll;
  } catch (e) {
    await stopAll("deposed");
    throw e;
  }
}

/** Serialises a node's terms: each election starts the leader services once the previous term has fully stopped. */
export function createLeadership(start: (epoch: number) => Promise<StopLeader>, log: Logger, onStartFailed: (e: Error) => void) {
  let chain: Promise<void> = Promise.resolve();
  let current: StopLeader | null = null;
  const end = async (how: "deposed" | "shutdown") => {
    const stop = current;
    current = null;
    if (stop) await stop(how);
  };
  return {
    elected(epoch: number) {
      chain = chain.then(async () => {
        await end("deposed");
        try {
          current = await start(epoch);
          log.info("leader services running", { epoch });
        } catch (e) {
          log.error("leader services could not start: resigning", { epoch, err: e as Error });
          onStartFailed(e as Error);
        }
      });
    },
    deposed() {
      chain = chain.then(() => end("deposed"));
    },
    /** Resolves once every election and deposition so far has taken effect. */
    settled: () => chain,
    async shutdown() {
      chain = chain.then(() => end("shutdown"));
      await chain;
    },
  };
}
