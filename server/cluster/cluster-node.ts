// This process as a node of the Tandem cluster, all through PostgreSQL:
//   - a row in ClusterNode with a heartbeat;
//   - the leader lease (one row, an epoch that grows on every change of hands);
//   - the leases of the servers it polls, renewed in one statement per tick,
//     claimed and handed back in paced steps towards a fair share (lease-plan.ts).
// Expiry is judged by the database's clock, never by comparing two machines'
// clocks. Locally, a lease counts only until the moment its renewal was *sent*
// plus the lease time (less a margin): a node that stalls (GC, SIGSTOP, a dead
// database link) stops counting its polls and steps down before anyone else
// may take over, and closes its connections half a lease later.
import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "../db/client";
import type { Logger } from "../lib/logger";
import { leasePlan } from "./lease-plan";
import type { LeaderFence } from "./fencing";

export type ClusterNodeOptions = {
  db: Db;
  log: Logger;
  /** Stable across restarts (host:port), shown in the UI and used by the node-lost alert. */
  name: string;
  host?: string;
  /** Where leader-bound API requests are forwarded; null for a worker with no web server. */
  url: string | null;
  leaderEligible: boolean;
  version: string;
  leaseMs: number;
  /** Leases moved per tick at most (claims or hand-backs). */
  pace?: number;
  /** Safety margin under the lease for local validity (clock rate drift, scheduling). */
  marginMs?: number;
  /** Whether this node polls servers at all. */
  polls?: boolean;
  /** A polling worker's parent (TANDEM_WORKERS): it gets this node's health over IPC, not counted in peers(). */
  parentId?: string;
};

type Events = {
  /** Elected (or re-elected after a local step-down) with this epoch. */
  leader: [number];
  /** No longer leader: the lease was lost, expired locally, or handed back on stop. */
  deposed: [string];
  /** The set of servers this node holds leases for changed. */
  leases: [ReadonlySet<string>];
};

export type ClusterNode = EventEmitter<Events> &
  LeaderFence & {
    readonly id: string;
    readonly name: string;
    start(): Promise<void>;
    stop(): Promise<void>;
    isLeader(): boolean;
    /** True while this node holds a lease on the server that is still valid locally. */
    owns(serverId: string): boolean;
    leased(): ReadonlySet<string>;
    /**
     * Other live nodes that keep the fleet's health (a web server or leader-eligible), this node's
     * parent aside, at the last heartbeat: the ones relayed health must reach through the adapter.
     */
    peers(): number;
    /** Gives the leader lease up now (leader services failed to start, or a test): another node, or this one on a later tick, takes it with a new epoch. */
    resign(why: string): Promise<void>;
    /** One round of heartbeat, election and leases now (the loop runs it; tests too). */
    tick(): Promise<void>;
    readonly leaseMs: number;
  };

const now = () => performance.now();

export function createClusterNode(o: ClusterNodeOptions): ClusterNode {
  const id = randomUUID();
  const log = o.log.child({ component: "cluster", node: o.name });
  const leaseMs = o.leaseMs;
  const marginMs = o.marginMs ?? Math.min(1000, leaseMs / 10);
  const pace = o.pace ?? 2000;
  const tickMs = Math.max(200, Math.floor(leaseMs / 3));
  const emitter = new EventEmitter<Events>();

  let epoch: number | null = null;
  let leaderValidUntil = 0;
  let leases = new Set<string>();
  let leasesValidUntil = 0;
  let peers = 1;
  let timer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  function setLeases(next: Set<string>) {
    const same = next.size === leases.size && [...next].every((s) => leases.has(s));
    leases = next;
    if (!same) emitter.emit("leases", leases);
  }

  function stepDown(why: string) {
    if (epoch === null) return;
    log.warn(`stepping down as leader: ${why}`, { epoch });
    epoch = null;
    emitter.emit("deposed", why);
  }

  /** Runs often: what has expired locally stops at once, whatever the database is doing. */
  function checkValidity() {
    const t = now();
    if (epoch !== null && t > leaderValidUntil) stepDown("the leader lease was not renewed in time");
    // Past local validity owns() is already false (every result is dropped); the connections
    // close only if the renewal is still missing half a lease later, so a tick that merely ran
    // late under load does not tear down and reconnect the whole share at once.
    if (leases.size && t > leasesValidUntil + leaseMs / 2) {
      log.warn("server leases were not renewed in time: polling stops until they are", { servers: leases.size });
      setLeases(new Set());
    }
  }

  const host = o.host ?? hostname();

  async function register() {
    await o.db.$executeRaw`
      INSERT INTO "ClusterNode" (id, name, host, pid, url, "leaderEligible", version, "startedAt", "lastSeenAt")
      VALUES (${id}::uuid, ${o.name}, ${host}, ${process.pid}, ${o.url}, ${o.leaderEligible}, ${o.version}, now(), now())`;
  }

  /**
   * An earlier incarnation of this node (same name on the same host: it held this
   * port, or this worker slot, so it is dead) hands over now rather than at expiry.
   */
  async function retireEarlierIncarnations() {
    const old = await o.db.$queryRaw<{ id: string }[]>`
      UPDATE "ClusterNode" SET "stoppedAt" = now()
       WHERE name = ${o.name} AND host = ${host} AND id <> ${id}::uuid AND "stoppedAt" IS NULL RETURNING id`;
    if (!old.length) return;
    const ids = old.map((r) => r.id);
    await o.db.$executeRaw`DELETE FROM "ServerLease" WHERE "nodeId" = ANY(${ids}::uuid[])`;
    await o.db.$executeRaw`UPDATE "ClusterLeader" SET "expiresAt" = '-infinity' WHERE id = 1 AND "nodeId" = ANY(${ids}::uuid[])`;
    log.info("took over from an earlier run of this node", { earlier: ids.length });
  }

  async function heartbeat() {
    const n = await o.db.$executeRaw`UPDATE "ClusterNode" SET "lastSeenAt" = now(), "lostAt" = NULL WHERE id = ${id}::uuid`;
    if (n === 0) await register(); // pruned while this node stalled: come back as the same incarnation
    const [c] = await o.db.$queryRaw<{ peers: number }[]>`
      SELECT count(*)::int AS peers FROM "ClusterNode"
       WHERE id <> ${id}::uuid AND id IS DISTINCT FROM ${o.parentId ?? null}::uuid
         AND (url IS NOT NULL OR "leaderEligible")
         AND "stoppedAt" IS NULL AND "lostAt" IS NULL
         AND "lastSeenAt" > now() - ${leaseMs} * interval '1 millisecond'`;
    peers = c?.peers ?? 1;
  }

  async function elect() {
    if (!o.leaderEligible) return;
    const sent = now();
    const renewing = epoch !== null;
    // Taking the lease from anyone else (or back after a local step-down) bumps the epoch: the fencing token.
    const rows = await o.db.$queryRaw<{ epoch: number }[]>`
      UPDATE "ClusterLeader" SET
        epoch = CASE WHEN "nodeId" = ${id}::uuid AND ${renewing} THEN epoch ELSE epoch + 1 END,
        "acquiredAt" = CASE WHEN "nodeId" = ${id}::uuid AND ${renewing} THEN "acquiredAt" ELSE now() END,
        "nodeId" = ${id}::uuid,
        "expiresAt" = now() + ${leaseMs} * interval '1 millisecond'
      WHERE id = 1 AND ("nodeId" = ${id}::uuid OR "nodeId" IS NULL OR "expiresAt" < now())
      RETURNING epoch`;
    const got = rows[0]?.epoch;
    if (got === undefined) {
      stepDown("another node holds the leader lease");
      return;
    }
    if (renewing && got !== epoch) stepDown("the epoch moved on");
    leaderValidUntil = sent + leaseMs - marginMs;
    if (epoch === null) {
      epoch = got;
      log.info("elected leader", { epoch });
      emitter.emit("leader", got);
    }
  }

  async function balanceLeases() {
    if (o.polls === false) return;
    const sent = now();
    const renewed = await o.db.$queryRaw<{ serverId: string }[]>`
      UPDATE "ServerLease" SET "expiresAt" = now() + ${leaseMs} * interval '1 millisecond'
       WHERE "nodeId" = ${id}::uuid RETURNING "serverId"`;
    const held = new Set(renewed.map((r) => r.serverId));
    const [c] = await o.db.$queryRaw<{ servers: number; nodes: number; free: number }[]>`
      SELECT
        (SELECT count(*)::int FROM "Server" WHERE enabled) AS servers,
        (SELECT count(*)::int FROM "ClusterNode" WHERE "stoppedAt" IS NULL AND "lostAt" IS NULL
            AND "lastSeenAt" > now() - ${leaseMs} * interval '1 millisecond') AS nodes,
        (SELECT count(*)::int FROM "Server" s LEFT JOIN "ServerLease" l ON l."serverId" = s.id
          WHERE s.enabled AND (l."serverId" IS NULL OR l."expiresAt" < now())) AS free`;
    const plan = leasePlan({ servers: c!.servers, liveNodes: c!.nodes, own: held.size, free: c!.free, pace });
    if (plan.claim > 0) {
      // A conflict on a live lease updates nothing and returns nothing: two nodes never hold one server.
      const got = await o.db.$queryRaw<{ serverId: string }[]>`
        INSERT INTO "ServerLease" ("serverId", "nodeId", "acquiredAt", "expiresAt")
        SELECT s.id, ${id}::uuid, now(), now() + ${leaseMs} * interval '1 millisecond'
          FROM "Server" s LEFT JOIN "ServerLease" l ON l."serverId" = s.id
         WHERE s.enabled AND (l."serverId" IS NULL OR l."expiresAt" < now())
         ORDER BY s.name
         LIMIT ${plan.claim}
        ON CONFLICT ("serverId") DO UPDATE SET "nodeId" = EXCLUDED."nodeId", "acquiredAt" = EXCLUDED."acquiredAt", "expiresAt" = EXCLUDED."expiresAt"
          WHERE "ServerLease"."expiresAt" < now()
        RETURNING "serverId"`;
      for (const r of got) held.add(r.serverId);
      if (got.length) log.info("claimed server leases", { claimed: got.length, holding: held.size, fairShare: plan.fairShare });
    } else if (plan.release > 0) {
      // Stop polling first (the 'leases' listeners run synchronously), then hand back: never two pollers at once.
      const give = [...held].slice(-plan.release);
      for (const s of give) held.delete(s);
      leasesValidUntil = sent + leaseMs - marginMs;
      setLeases(new Set(held));
      await o.db.$executeRaw`DELETE FROM "ServerLease" WHERE "nodeId" = ${id}::uuid AND "serverId" = ANY(${give}::uuid[])`;
      log.info("handed back server leases", { released: give.length, holding: held.size, fairShare: plan.fairShare });
    }
    leasesValidUntil = sent + leaseMs - marginMs;
    setLeases(held);
  }

  async function tick() {
    checkValidity();
    await heartbeat();
    await elect();
    await balanceLeases();
  }

  function schedule(delay: number) {
    timer = setTimeout(() => {
      const started = now();
      running = tick()
        .catch((e: unknown) => log.error("cluster tick failed", { err: e as Error }))
        .finally(() => {
          running = undefined;
          if (!stopped) schedule(tickMs - (now() - started));
        });
    }, Math.max(0, delay));
    timer.unref();
  }

  const node = Object.assign(emitter, {
    id,
    name: o.name,
    leaseMs,
    epoch: () => (epoch !== null && now() <= leaderValidUntil ? epoch : null),
    isLeader: () => epoch !== null && now() <= leaderValidUntil,
    owns: (serverId: string) => leases.has(serverId) && now() <= leasesValidUntil,
    leased: () => leases,
    peers: () => peers,
    tick,
    async resign(why: string) {
      stepDown(why);
      await o.db.$executeRaw`UPDATE "ClusterLeader" SET "expiresAt" = '-infinity' WHERE id = 1 AND "nodeId" = ${id}::uuid`;
    },
    async start() {
      await retireEarlierIncarnations();
      await register();
      stopped = false;
      await tick();
      schedule(tickMs);
      watchdog = setInterval(checkValidity, 100);
      watchdog.unref();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(watchdog);
      await running;
      // A clean stop hands everything back at once, so the others need not wait for expiry.
      setLeases(new Set());
      stepDown("this node is stopping");
      await o.db.$executeRaw`DELETE FROM "ServerLease" WHERE "nodeId" = ${id}::uuid`.catch(() => undefined);
      await o.db.$executeRaw`UPDATE "ClusterLeader" SET "expiresAt" = '-infinity' WHERE id = 1 AND "nodeId" = ${id}::uuid`.catch(() => undefined);
      await o.db.$executeRaw`UPDATE "ClusterNode" SET "stoppedAt" = now() WHERE id = ${id}::uuid`.catch(() => undefined);
    },
  });
  return node as ClusterNode;
}
