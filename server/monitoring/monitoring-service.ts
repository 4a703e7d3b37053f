// Fleet monitoring, wired: poller -> health engine -> (history, persisted state,
// socket rooms). Started by server/start.ts once the port listens; stop() ends
// every loop and connection and flushes what is buffered.
import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import type { Logger } from "../lib/logger";
import { intervalLoop, type Loop } from "../lib/interval-loop";
import type { Hub } from "../realtime/hub";
import { DEFAULT_HEALTH_POLICY, type HealthPolicy } from "../health/health.types";
import { HealthEngine } from "../health/health-engine";
import { Poller } from "../poller/poller";
import { loadPollTargets } from "../poller/load-poll-targets";
import { loadDirectory, directoryVersion, inventoryVersion, type DirectoryEntry } from "../fleet/fleet-directory";
import type { PollTarget } from "../poller/poll-target";
import { encodeDelta, FLEET_EVENTS, type TFleetSnapshot, type THostDetail, type THostSampleEvent, type TMaintenanceMark } from "../fleet/fleet.types";
import { maintainPartitions, DEFAULT_RETENTION, type Retention } from "../history/partitions";
import { writeSamples } from "../history/write-samples";
import { rollUpRecent } from "../history/rollups";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemActor } from "../auth/principal";
import { fleetHost } from "./fleet-view";
import { createHostKeyPinner } from "./host-key-pinner";
import { createStateWriter } from "./state-writer";
import { writeLatestSamples } from "./latest-samples";
import type { ClusterNode } from "../cluster/cluster-node";
import { createHealthRelay, type HealthBatch, type HealthRelay } from "../cluster/health-relay";
import { countPoll } from "../metrics/process-metrics";

const PERSIST_CHUNK = 250;

export type MonitoringOptions = {
  db: Db;
  secretBox: SecretBox;
  hub: Hub;
  log: Logger;
  policy?: HealthPolicy;
  retention?: Retention;
  /** Broadcast tick: a delta at most this often (poll-to-browser latency is about half of it on average). */
  tickMs?: number;
  /** History write batch period. */
  flushMs?: number;
  reloadEveryMs?: number;
  maxConcurrentConnects?: number;
  /**
   * As a node of a cluster: poll only the servers this node holds leases on,
   * relay their health to the other nodes and apply theirs, and leave the
   * fleet-wide chores (rollups, partitions) to the leader.
   */
  cluster?: ClusterNode;
  /**
   * Keep the whole fleet's health (relayed from the other nodes): a node that
   * serves browsers or may lead does; a polling worker does not. Default true.
   */
  fleetWide?: boolean;
  /** A polling worker's IPC channel to the node that forked it, for its health batches. */
  relayToParent?: (b: HealthBatch) => Promise<void> | void;
};

export type Monitoring = {
  engine: HealthEngine;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Re-read the inventory now (after an API change). */
  reload(): Promise<void>;
  snapshot(): TFleetSnapshot;
  /** Where the fleet view learns which servers are in a maintenance window (the maintenance service). */
  setMaintenance(windowOf: (serverId: string) => TMaintenanceMark | null): void;
  /** Re-sends these servers in the next delta (they entered or left maintenance). */
  touch(serverIds: string[]): void;
  hostDetail(id: string): THostDetail | null;
  stats(): { hosts: number; connected: number; tickMs: number };
  /** One extra sample of a server in half its interval (automatic failover confirming a crashed service). */
  sampleSoon(serverId: string): void;
  /** A disconnected server is expected back (a reboot): reconnect without backoff. */
  reconnectSoon(serverId: string): void;
  /** Rows relayed to and from the other nodes (null outside a cluster). */
  relayStats(): { sentRows: number; receivedRows: number; batchesSent: number } | null;
  /** A health batch from one of this node's polling workers (over IPC). */
  receiveRelayed(b: HealthBatch): void;
};

export function createMonitoring(o: MonitoringOptions): Monitoring {
  const log = o.log.child({ component: "monitoring" });
  const engine = new HealthEngine(o.policy ?? DEFAULT_HEALTH_POLICY);
  const tickMs = o.tickMs ?? 250;
  let directory = new Map<string, DirectoryEntry>();
  let version = "";
  let seq = 0;
  let windowOf: (serverId: string) => TMaintenanceMark | null = () => null;
  const row = (e: DirectoryEntry, h: Parameters<typeof fleetHost>[1]) => fleetHost(e, h, windowOf(e.id));
  const persisted = new Map<string, number>(); // serverId -> lastGoodAt persisted (ms)
  const pinner = createHostKeyPinner(o.db, log);
  const states = createStateWriter(o.db, log);
  const node = o.cluster;
  /** Polled here: every server alone, or those this node holds a live lease on. */
  const ownsHere = (id: string) => !node || node.owns(id);
  const leaderHere = () => !node || node.isLeader();
  // Sockets on this node get every row from this node's own (complete) view: broadcasts stay local.
  const local = () => o.hub.io.local;

  /** The inventory fingerprint the directory and allTargets were read at. */
  let loadedInventory = "";
  let allTargets: PollTarget[] = [];
  const refreshDirectory = async () => {
    directory = await loadDirectory(o.db);
    for (const e of directory.values()) if (e.enabled) engine.track(e.id, e.state, e.stateSince, e.stateReason);
    for (const id of engine.hosts.keys()) if (!directory.get(id)?.enabled) engine.untrack(id);
    const v = directoryVersion(directory);
    if (v !== version) {
      if (version) local().to("fleet").emit(FLEET_EVENTS.inventory, { seq: ++seq });
      version = v;
    }
  };

  const poller = new Poller({
    log,
    maxConcurrentConnects: o.maxConcurrentConnects,
    reloadEveryMs: o.reloadEveryMs,
    // The periodic reload (and every lease move) first asks PostgreSQL for the
    // inventory's fingerprint, and reads the inventory only when it changed.
    loadTargets: async () => {
      const v = await inventoryVersion(o.db);
      if (v !== loadedInventory) {
        await refreshDirectory();
        allTargets = await loadPollTargets(o.db, o.secretBox, log, directory.values());
        loadedInventory = v;
      }
      return allTargets.filter((t) => ownsHere(t.id));
    },
    // A lease lost while a poll was in flight: its answer is dropped, never counted twice.
    report: (id, outcome) => {
      countPoll(outcome);
      if (ownsHere(id)) engine.apply(id, outcome);
    },
    // First sight: the key is stored (with its audit record) before the server is polled.
    pinHostKey: (id, fingerprint, algorithm) => pinner.pin(id, fingerprint, algorithm),
  });

  engine.on("transition", (t) => {
    const name = directory.get(t.serverId)?.name ?? t.serverId;
    if (t.remote) return; // the polling node logs and persists it
    log.info(`${name}: ${t.from} -> ${t.to}`, { reason: t.reason });
    states.record({ serverId: t.serverId, to: t.to, at: t.at, reason: t.reason });
  });
  engine.on("host-key-changed", (e) => {
    if (e.remote) return;
    log.warn(`${directory.get(e.serverId)?.name ?? e.serverId}: host key changed, connection refused`, { message: e.message });
    void o.db
      .$transaction((tx) => recordAuditEvent(tx, systemActor, { action: "server.host_key_changed", targetType: "server", targetId: e.serverId, details: { message: e.message } }))
      .catch((err: unknown) => log.error("could not record a host key change", { err: err as Error }));
  });
  engine.on("sampled", ({ serverId, at, health }) => {
    // Only hosts someone is looking at get every sample pushed.
    const room = `host:${serverId}`;
    const entry = directory.get(serverId);
    if (!entry || o.hub.roomSize(room) === 0) return;
    const event: THostSampleEvent = { id: serverId, at: at.getTime(), host: row(entry, health), metrics: health.metrics, sample: health.lastSample?.sample ?? null };
    local().to(room).emit(FLEET_EVENTS.hostSample, event);
  });

  const broadcast = async () => {
    const dirty = engine.drainDirty();
    if (dirty.length && o.hub.roomSize("fleet") > 0) {
      const rows = [];
      for (const id of dirty) {
        const e = directory.get(id);
        if (e) rows.push(encodeDelta(row(e, engine.hosts.get(id))));
      }
      local().to("fleet").emit(FLEET_EVENTS.delta, { seq: ++seq, at: Date.now(), rows });
    }
  };

  const flush = async () => {
    const history = engine.drainHistory();
    try {
      await writeSamples(o.db, history);
    } catch (e) {
      engine.requeueHistory(history);
      log.error("could not write health samples; will retry", { rows: history.length, err: e as Error });
    }
  };

  // The latest sample per server, for page loads and restarts; live views get it from memory.
  // Written in chunks with a yield between them: at 10,000 servers the whole set
  // is ~15 MB of JSON, and one statement of it would stall the event loop.
  // `firstOnly`: just the servers whose sample was never stored since start, so a
  // fresh start (or a new server) shows on the compliance page within seconds.
  const persistLatest = async (firstOnly = false) => {
    const due: string[] = [];
    for (const [id, h] of engine.hosts) if (h.lastSample && ownsHere(id) && (firstOnly ? !persisted.has(id) : persisted.get(id) !== h.lastSample.at.getTime())) due.push(id);
    due.sort(); // Server rows locked in id order, as the state writer does: no deadlock between them
    for (let i = 0; i < due.length; i += PERSIST_CHUNK) {
      const ids: string[] = [];
      const ats: Date[] = [];
      const samples: string[] = [];
      for (const id of due.slice(i, i + PERSIST_CHUNK)) {
        const last = engine.hosts.get(id)?.lastSample;
        if (!last) continue;
        ids.push(id);
        ats.push(last.at);
        samples.push(JSON.stringify(last.sample));
        persisted.set(id, last.at.getTime());
      }
      await writeLatestSamples(o.db, ids, ats, samples);
      await new Promise((r) => setImmediate(r));
    }
  };

  const loops: Loop[] = [
    intervalLoop("fleet broadcast", tickMs, broadcast, log),
    intervalLoop("history flush", o.flushMs ?? 1000, flush, log),
    intervalLoop("state changes", 200, () => states.flush(), log),
    intervalLoop("persist latest samples", 60_000, () => persistLatest(), log),
    intervalLoop("persist first samples", 5_000, () => persistLatest(true), log),
    intervalLoop("rollups", 60_000, async () => void (leaderHere() && (await rollUpRecent(o.db, new Date()))), log),
    intervalLoop("partitions", 10 * 60_000, async () => void (leaderHere() && (await maintainPartitions(o.db, new Date(), o.retention ?? DEFAULT_RETENTION))), log),
  ];

  // Leases moved: start and stop host pollers to match, at once (debounced to one reload at a time).
  let reloading: Promise<void> | null = null;
  let reloadAgain = false;
  const reloadForLeases = () => {
    if (reloading) {
      reloadAgain = true;
      return;
    }
    reloading = poller
      .reload()
      .catch((e: unknown) => log.error("poller reload after a lease change failed", { err: e as Error }))
      .finally(() => {
        reloading = null;
        if (reloadAgain) {
          reloadAgain = false;
          reloadForLeases();
        }
      });
  };
  // Alone (no adapter), there is nobody to relay to.
  const relay: HealthRelay | null = node && o.hub.adapter !== "local"
    ? createHealthRelay({
        io: o.hub.io,
        engine,
        nodeId: node.id,
        owns: (id) => node.owns(id),
        peers: () => node.peers(),
        toParent: o.relayToParent,
        onHint: (h) => (h.kind === "sample" ? poller.sampleSoon(h.serverId) : poller.reconnectSoon(h.serverId)),
        onInventoryChanged: () => void poller.reload().catch((e: unknown) => log.error("inventory reload failed", { err: e as Error })),
        receiveHealth: o.fleetWide ?? true,
        log,
      })
    : null;

  return {
    engine,
    async start() {
      await maintainPartitions(o.db, new Date(), o.retention ?? DEFAULT_RETENTION);
      o.hub.setRoomProvider("fleet", {
        event: FLEET_EVENTS.snapshot,
        snapshot: () => this.snapshot(),
        shared: true,
      });
      o.hub.setRoomProvider("host", {
        event: FLEET_EVENTS.hostSnapshot,
        snapshot: (id) => (id ? this.hostDetail(id) : null),
      });
      if (node) node.on("leases", reloadForLeases);
      relay?.start();
      await poller.start();
      for (const l of loops) l.start();
      log.info("monitoring started", poller.stats());
    },
    async stop() {
      if (node) node.off("leases", reloadForLeases);
      await reloading;
      await relay?.stop();
      await poller.stop();
      await pinner.stop();
      for (const l of loops) await l.stop();
      await states.flush();
      await flush().catch(() => undefined);
      await persistLatest().catch(() => undefined);
    },
    async reload() {
      await poller.reload();
      relay?.inventoryChanged();
    },
    snapshot() {
      const hosts = [...directory.values()].map((e) => row(e, engine.hosts.get(e.id)));
      return { seq, at: Date.now(), hosts };
    },
    hostDetail(id) {
      const e = directory.get(id);
      if (!e) return null;
      const h = engine.hosts.get(id);
      return { host: row(e, h), metrics: h?.metrics ?? null, sample: h?.lastSample?.sample ?? null };
    },
    stats: () => ({ ...poller.stats(), tickMs }),
    // A server another node polls: ask that node.
    sampleSoon: (serverId) => (ownsHere(serverId) ? poller.sampleSoon(serverId) : relay?.hint({ serverId, kind: "sample" })),
    reconnectSoon: (serverId) => (ownsHere(serverId) ? poller.reconnectSoon(serverId) : relay?.hint({ serverId, kind: "reconnect" })),
    relayStats: () => relay?.stats() ?? null,
    receiveRelayed: (b) => relay?.receive(b),
    setMaintenance(fn) {
      windowOf = fn;
    },
    touch: (ids) => engine.touch(ids),
  };
}
