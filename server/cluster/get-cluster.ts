// The cluster as the database sees it: the leader with its epoch, every node
// seen in the last hour with its heartbeat age and lease count.
import type { Db } from "../db/client";
import type { TCluster } from "./cluster.types";

type NodeRow = {
  id: string;
  name: string;
  host: string;
  pid: number;
  url: string | null;
  leaderEligible: boolean;
  version: string;
  startedAt: Date;
  lastSeenAt: Date;
  stoppedAt: Date | null;
  lostAt: Date | null;
  age: number;
  servers: number;
};

export async function getCluster(db: Db, o: { selfId: string | null; leaseMs: number; realtime: TCluster["realtime"] }): Promise<TCluster> {
  const [leader] = await db.$queryRaw<{ nodeId: string | null; name: string | null; epoch: number; acquiredAt: Date | null; expiresIn: number }[]>`
    SELECT l."nodeId", n.name, l.epoch, l."acquiredAt", CASE WHEN isfinite(l."expiresAt") THEN EXTRACT(EPOCH FROM (l."expiresAt" - now()))::float8 ELSE -1 END AS "expiresIn"
      FROM "ClusterLeader" l LEFT JOIN "ClusterNode" n ON n.id = l."nodeId" WHERE l.id = 1`;
  const nodes = await db.$queryRaw<NodeRow[]>`
    SELECT n.id, n.name, n.host, n.pid, n.url, n."leaderEligible", n.version, n."startedAt", n."lastSeenAt", n."stoppedAt", n."lostAt",
           EXTRACT(EPOCH FROM (now() - n."lastSeenAt"))::float8 AS age,
           (SELECT count(*)::int FROM "ServerLease" s WHERE s."nodeId" = n.id AND s."expiresAt" > now()) AS servers
      FROM "ClusterNode" n
     WHERE n."stoppedAt" IS NULL OR n."stoppedAt" > now() - interval '1 hour'
     ORDER BY n."startedAt"`;
  const [counts] = await db.$queryRaw<{ enabled: number; leased: number }[]>`
    SELECT (SELECT count(*)::int FROM "Server" WHERE enabled) AS enabled,
           (SELECT count(*)::int FROM "ServerLease" l JOIN "Server" s ON s.id = l."serverId" WHERE s.enabled AND l."expiresAt" > now()) AS leased`;
  const leaderLive = leader?.nodeId && leader.expiresIn > 0 ? leader : null;
  const leaseS = o.leaseMs / 1000;
  return {
    leader: leaderLive ? { nodeId: leaderLive.nodeId!, name: leaderLive.name ?? "?", epoch: leaderLive.epoch, since: leaderLive.acquiredAt?.toISOString() ?? null, expiresInSeconds: Math.round(leaderLive.expiresIn * 10) / 10 } : null,
    leaseSeconds: leaseS,
    servers: { enabled: counts!.enabled, leased: counts!.leased, unleased: Math.max(0, counts!.enabled - counts!.leased) },
    realtime: o.realtime,
    nodes: nodes.map((n) => ({
      id: n.id,
      name: n.name,
      host: n.host,
      pid: n.pid,
      url: n.url,
      kind: n.url === null ? "worker" : n.leaderEligible ? "full" : "follower-only",
      version: n.version,
      startedAt: n.startedAt.toISOString(),
      lastSeenAt: n.lastSeenAt.toISOString(),
      heartbeatAgeSeconds: Math.round(n.age * 10) / 10,
      state: n.stoppedAt ? "stopped" : n.lostAt ? "lost" : n.age > leaseS ? "late" : "live",
      leader: leaderLive?.nodeId === n.id,
      servers: n.servers,
      self: n.id === o.selfId,
    })),
  };
}
