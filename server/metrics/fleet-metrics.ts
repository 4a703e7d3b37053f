// The fleet and Tandem's shared state as Prometheus gauges, built afresh for
// each scrape from what this node already holds (its complete fleet view) and
// a few counts from the database. Pure: the scrape gathers, this shapes.
// Label cardinality is bounded: per-server series for at most `maxServers`
// servers (by name), the rest counted in tandem_metrics_servers_dropped; the
// fleet-wide counts (tandem_fleet_servers) always cover every server.
import { Gauge, Registry } from "prom-client";
import type { TFleetHost } from "../fleet/fleet.types";
import { HOST_STATES } from "../health/health.types";

export type FleetMetricsInput = {
  hosts: TFleetHost[];
  /** Group names per server id. */
  groupsOf: ReadonlyMap<string, string[]>;
  groups: { name: string; mode: string; state: "OK" | "AT_RISK" | "BROKEN"; inService: number; minHealthy: number; drCovered: boolean }[];
  operations: { kind: string; state: string; count: number }[];
  alerts: { severity: string; state: string; count: number }[];
  deliveries: { state: string; count: number }[];
  cluster: { nodes: { state: string }[]; isLeader: boolean; leaderEpoch: number | null };
  info: { version: string; node: string };
  maxServers: number;
};

const REDUNDANCY_STATES = ["OK", "AT_RISK", "BROKEN"] as const;

function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return new Gauge<L>({ name, help, labelNames, registers: [registry] });
}

export function buildFleetRegistry(i: FleetMetricsInput): Registry {
  const r = new Registry();

  gauge(r, "tandem_info", "This Tandem node: its version and node name (always 1).", ["version", "node"]).set({ version: i.info.version, node: i.info.node }, 1);

  // Fleet-wide counts: every server, whatever the cap.
  const fleet = gauge(r, "tandem_fleet_servers", "Servers by state (MAINTENANCE while a window covers them).", ["state"]);
  const byState = new Map<string, number>(HOST_STATES.map((s) => [s, 0]));
  for (const h of i.hosts) byState.set(h.state, (byState.get(h.state) ?? 0) + 1);
  for (const [state, n] of byState) fleet.set({ state }, n);

  const shown = [...i.hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, Math.max(0, i.maxServers));
  gauge(r, "tandem_metrics_servers_exported", "Servers with per-server series in this scrape.").set(shown.length);
  gauge(r, "tandem_metrics_servers_dropped", "Servers left out of the per-server series by TANDEM_METRICS_MAX_SERVERS.").set(i.hosts.length - shown.length);

  const labels = ["server", "site", "group"] as const;
  const state = gauge(r, "tandem_server_state", "A server's current state, as the label state (value always 1).", [...labels, "state"]);
  const up = gauge(r, "tandem_server_up", "1 while the server answers (UP or DEGRADED), else 0.", labels);
  const cpu = gauge(r, "tandem_server_cpu_percent", "CPU use, percent.", labels);
  const mem = gauge(r, "tandem_server_memory_percent", "Memory use, percent.", labels);
  const disk = gauge(r, "tandem_server_disk_fullest_percent", "Use of the server's fullest disk, percent.", labels);
  const load = gauge(r, "tandem_server_load1", "One-minute load average.", labels);
  const lag = gauge(r, "tandem_server_replication_lag_seconds", "Replication lag reported by the server's lag probe.", labels);
  const lastSample = gauge(r, "tandem_server_last_sample_timestamp_seconds", "When the server last answered a poll (Unix time).", labels);
  for (const h of shown) {
    const l = { server: h.name, site: h.site?.name ?? "", group: (i.groupsOf.get(h.id) ?? []).join(",") };
    state.set({ ...l, state: h.state }, 1);
    up.set(l, h.health === "UP" || h.health === "DEGRADED" ? 1 : 0);
    if (h.cpu !== null) cpu.set(l, h.cpu);
    if (h.mem !== null) mem.set(l, h.mem);
    if (h.disk !== null) disk.set(l, h.disk);
    if (h.load1 !== null) load.set(l, h.load1);
    if (h.lag !== null) lag.set(l, h.lag);
    if (h.lastSampleAt !== null) lastSample.set(l, h.lastSampleAt / 1000);
  }

  const redundancy = gauge(r, "tandem_group_redundancy", "A redundancy group's state: 1 for its current state, 0 for the others.", ["group", "mode", "state"]);
  const inService = gauge(r, "tandem_group_members_in_service", "Members that count toward the group's redundancy now.", ["group"]);
  const minHealthy = gauge(r, "tandem_group_min_healthy", "The group's redundancy budget (minHealthy).", ["group"]);
  const dr = gauge(r, "tandem_group_dr_covered", "1 when a serving member is in another site (disaster-recovery coverage).", ["group"]);
  for (const g of i.groups) {
    for (const s of REDUNDANCY_STATES) redundancy.set({ group: g.name, mode: g.mode, state: s }, g.state === s ? 1 : 0);
    inService.set({ group: g.name }, g.inService);
    minHealthy.set({ group: g.name }, g.minHealthy);
    dr.set({ group: g.name }, g.drCovered ? 1 : 0);
  }

  const ops = gauge(r, "tandem_operations", "Operations recorded, by kind and state (cluster-wide, from the database).", ["kind", "state"]);
  for (const o of i.operations) ops.set({ kind: o.kind, state: o.state }, o.count);
  const alerts = gauge(r, "tandem_alerts", "Alerts by severity and state (cluster-wide, from the database).", ["severity", "state"]);
  for (const a of i.alerts) alerts.set({ severity: a.severity, state: a.state }, a.count);
  const deliveries = gauge(r, "tandem_notification_deliveries", "Webhook deliveries by state (cluster-wide, from the database).", ["state"]);
  for (const d of i.deliveries) deliveries.set({ state: d.state }, d.count);

  const nodes = gauge(r, "tandem_cluster_nodes", "Tandem nodes seen in the last hour, by state (live, late, lost, stopped).", ["state"]);
  const nodeStates = new Map<string, number>([["live", 0], ["late", 0], ["lost", 0], ["stopped", 0]]);
  for (const n of i.cluster.nodes) nodeStates.set(n.state, (nodeStates.get(n.state) ?? 0) + 1);
  for (const [s, n] of nodeStates) nodes.set({ state: s }, n);
  gauge(r, "tandem_cluster_is_leader", "1 when the node answering this scrape is the cluster's leader.").set(i.cluster.isLeader ? 1 : 0);
  if (i.cluster.leaderEpoch !== null) gauge(r, "tandem_cluster_leader_epoch", "The current leader's epoch (grows on every change of leader).").set(i.cluster.leaderEpoch);
  return r;
}
