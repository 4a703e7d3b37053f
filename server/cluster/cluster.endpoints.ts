import { defineEndpoint } from "../http/endpoint";
import { ZCluster } from "./cluster.types";
import { getCluster } from "./get-cluster";

export const getClusterEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/cluster",
  summary: "The Tandem cluster: its leader and epoch, every node with its heartbeat age and server leases",
  tag: "cluster",
  access: "VIEWER",
  response: ZCluster,
  handler: ({ rt }) => getCluster(rt.db, { selfId: rt.cluster?.id ?? null, leaseMs: rt.config.cluster.leaseMs, realtime: rt.realtime ?? "local" }),
});
