// The leader's watch over the other nodes: a node whose heartbeat is older
// than the lease time (and that did not stop cleanly) is marked lost and raises
// an alert; the alert clears when a node of the same name is live again. Rows of
// nodes gone for a day are pruned (their leases with them).
import type { Db } from "../db/client";
import type { Logger } from "../lib/logger";
import { intervalLoop, type Loop } from "../lib/interval-loop";

export type NodeState = { name: string; lost: boolean; detail: string };

export function createNodeWatch(o: { db: Db; log: Logger; leaseMs: number; selfId: string; onNodeState(n: NodeState): void; everyMs?: number }): Loop & { check(): Promise<void> } {
  const lost = new Set<string>();
  let loaded = false;

  async function check() {
    if (!loaded) {
      // Names still lost from an earlier leader's watch: they clear here when they come back.
      const rows = await o.db.$queryRaw<{ name: string }[]>`
        SELECT DISTINCT name FROM "ClusterNode" n WHERE "lostAt" IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM "ClusterNode" m WHERE m.name = n.name AND m."startedAt" > n."startedAt")`;
      for (const r of rows) lost.add(r.name);
      loaded = true;
    }
    const gone = await o.db.$queryRaw<{ name: string; host: string; lastSeenAt: Date; servers: number; restarted: boolean }[]>`
      UPDATE "ClusterNode" n SET "lostAt" = now()
       WHERE id <> ${o.selfId}::uuid AND "stoppedAt" IS NULL AND "lostAt" IS NULL AND "lastSeenAt" < now() - ${o.leaseMs} * interval '1 millisecond'
      RETURNING name, host, "lastSeenAt", (SELECT count(*)::int FROM "ServerLease" l WHERE l."nodeId" = n.id) AS servers,
        EXISTS (SELECT 1 FROM "ClusterNode" m WHERE m.name = n.name AND m."startedAt" > n."startedAt" AND m."stoppedAt" IS NULL AND m."lostAt" IS NULL) AS restarted`;
    for (const g of gone) {
      if (g.restarted) {
        o.log.info(`Tandem node ${g.name} restarted`, { host: g.host, lastSeenAt: g.lastSeenAt });
        continue;
      }
      lost.add(g.name);
      const detail = `no heartbeat since ${g.lastSeenAt.toISOString()} (host ${g.host}); its ${g.servers} server lease(s) expire and the other nodes take them`;
      o.log.warn(`Tandem node ${g.name} lost`, { host: g.host, lastSeenAt: g.lastSeenAt, servers: g.servers });
      o.onNodeState({ name: g.name, lost: true, detail });
    }
    if (lost.size) {
      const back = await o.db.$queryRaw<{ name: string }[]>`
        SELECT DISTINCT name FROM "ClusterNode"
         WHERE name = ANY(${[...lost]}::text[]) AND "stoppedAt" IS NULL AND "lostAt" IS NULL
           AND "lastSeenAt" > now() - ${o.leaseMs} * interval '1 millisecond'`;
      for (const b of back) {
        lost.delete(b.name);
        o.log.info(`Tandem node ${b.name} is back`);
        o.onNodeState({ name: b.name, lost: false, detail: "a node of this name is running again" });
      }
    }
    await o.db.$executeRaw`DELETE FROM "ClusterNode" WHERE COALESCE("stoppedAt", "lostAt") < now() - interval '1 day'`;
  }

  const loop = intervalLoop("cluster node watch", o.everyMs ?? Math.max(500, Math.floor(o.leaseMs / 3)), check, o.log, { runAtStart: true });
  return { ...loop, check };
}
