// GET /metrics: this process's counters and default metrics (plus those of the
// polling workers it forked), and the fleet as this node sees it. Every node
// holds the whole fleet's health (the health relay), so scraping any node gives
// the same fleet gauges; per-process counters are that node's own, to be summed
// across instances (see docs/integrations/prometheus-grafana-ansible.md).
import { AggregatorRegistry, Registry } from "prom-client";
import type { Runtime } from "../runtime";
import { loadDirectory } from "../fleet/fleet-directory";
import { fleetHost } from "../monitoring/fleet-view";
import { listGroups } from "../groups/list-groups";
import { liveStatesOf } from "../groups/group-dto";
import { getCluster } from "../cluster/get-cluster";
import { processMetrics } from "./process-metrics";
import { renderFleetMetrics, type FleetMetricsInput } from "./fleet-metrics";

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

async function gather(rt: Runtime): Promise<FleetMetricsInput> {
  const monitoring = rt.services.monitoring;
  // Without the monitoring service (a test runtime), the states last persisted.
  const hosts = monitoring ? monitoring.snapshot().hosts : [...(await loadDirectory(rt.db)).values()].map((e) => fleetHost(e, undefined));
  const [groups, operations, alerts, deliveries, cluster] = await Promise.all([
    listGroups(rt.db, liveStatesOf(monitoring)),
    rt.db.operation.groupBy({ by: ["kind", "state"], _count: { _all: true } }),
    rt.db.alert.groupBy({ by: ["severity", "state"], _count: { _all: true } }),
    rt.db.alertDelivery.groupBy({ by: ["state"], _count: { _all: true } }),
    getCluster(rt.db, { selfId: rt.cluster?.id ?? null, leaseMs: rt.config.cluster.leaseMs, realtime: rt.realtime ?? "local" }),
  ]);
  const groupsOf = new Map<string, string[]>();
  for (const g of groups) for (const m of g.members) (groupsOf.get(m.serverId) ?? groupsOf.set(m.serverId, []).get(m.serverId)!).push(g.name);
  return {
    hosts,
    groupsOf,
    groups: groups.map((g) => ({ name: g.name, mode: g.mode, ...g.redundancy })),
    operations: operations.map((o) => ({ kind: o.kind, state: o.state, count: o._count._all })),
    alerts: alerts.map((a) => ({ severity: a.severity, state: a.state, count: a._count._all })),
    deliveries: deliveries.map((d) => ({ state: d.state, count: d._count._all })),
    cluster: { nodes: cluster.nodes, isLeader: rt.cluster?.isLeader() ?? false, leaderEpoch: cluster.leader?.epoch ?? null },
    info: { version: rt.version, node: rt.cluster?.name ?? rt.config.cluster.nodeName ?? "" },
    maxServers: rt.config.metrics.maxServers,
  };
}

/** The Prometheus text exposition for this node. */
export async function scrapeMetrics(rt: Runtime): Promise<string> {
  const own = processMetrics();
  const workers = (await own.workers?.()) ?? [];
  // Workers' series carry their own `process` label: aggregation keeps them apart from ours.
  const processes = workers.length ? AggregatorRegistry.aggregate([await own.registry.getMetricsAsJSON(), ...workers]) : own.registry;
  const fleet = await renderFleetMetrics(await gather(rt));
  // Concatenated, not Registry.merge: a merged registry would drop the `process` default label.
  return (await processes.metrics()) + fleet;
}
