import { z } from "zod";

export const ZClusterNode = z.object({
  id: z.string().uuid(),
  name: z.string(),
  host: z.string(),
  pid: z.number().int(),
  url: z.string().nullable(),
  /** "full": web server and leader-eligible; "worker": polls only; "follower-only": web, never leader. */
  kind: z.enum(["full", "worker", "follower-only"]),
  version: z.string(),
  startedAt: z.string().datetime(),
  lastSeenAt: z.string().datetime(),
  /** Seconds since its last heartbeat, by the database's clock. */
  heartbeatAgeSeconds: z.number(),
  state: z.enum(["live", "late", "lost", "stopped"]),
  leader: z.boolean(),
  /** Server leases it holds now. */
  servers: z.number().int(),
  /** This answer came from this node. */
  self: z.boolean(),
});
export type TClusterNode = z.infer<typeof ZClusterNode>;

export const ZCluster = z.object({
  leader: z.object({ nodeId: z.string().uuid(), name: z.string(), epoch: z.number().int(), since: z.string().datetime().nullable(), expiresInSeconds: z.number() }).nullable(),
  leaseSeconds: z.number(),
  servers: z.object({ enabled: z.number().int(), leased: z.number().int(), unleased: z.number().int() }),
  realtime: z.enum(["local", "postgres", "redis"]),
  nodes: z.array(ZClusterNode),
});
export type TCluster = z.infer<typeof ZCluster>;
