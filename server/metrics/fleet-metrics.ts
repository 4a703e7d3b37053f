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

/** The servers with per-server series: the first maxServers by name. */
const shownHosts = (i: FleetMetricsInput) => [...i.hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, Math.max(0, i.maxServers));

/** A label value as the text exposition format escapes it. */
const escapeLabel = (v: string) => v.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));

/** The per-server families: a series per server, null where the server has no such figure (no made-up 0). */
const SERVER_FAMILIES: { name: string; help: string; value(h: TFleetHost): number | null; state?: true }[] = [
  { name: "tandem_server_state", help: "A server's current state, as the label state (value always 1).", value: () => 1, state: true },
  { name: "tandem_server_up", help: "1 while the server answers (UP or DEGRADED), else 0.", value: (h) => (h.health === "UP" || h.health === "DEGRADED" ? 1 : 0) },
  { name: "tandem_server_cpu_percent", help: "CPU use, percent.", value: (h) => h.cpu },
  { name: "tandem_server_memory_percent", help: "Memory use, percent.", value: (h) => h.mem },
  { name: "tandem_server_disk_fullest_percent", help: "Use of the server's fullest disk, percent.", value: (h) => h.disk },
  { name: "tandem_server_load1", help: "One-minute load average.", value: (h) => h.load1 },
  { name: "tandem_server_replication_lag_seconds", help: "Replication lag reported by the server's lag probe.", value: (h) => h.lag },
  { name: "tandem_server_last_sample_timestamp_seconds", help: "When the server last answered a poll (Unix time).", value: (h) => (h.lastSampleAt === null ? null : h.lastSampleAt / 1000) },
];

/**
 * The whole fleet exposition: the registry's families, then the per-server
 * series written as text directly. Through prom-client's gauges (a label hash
 * per set) a scrape at 10,000 servers held the event loop 300-450 ms; this
 * writes them in slices of `sliceSize` servers with a yield between slices.
 */
export async function renderFleetMetrics(i: FleetMetricsInput, sliceSize = 1000): Promise<string> {
  const head = await buildFleetRegistry(i).metrics();
  const shown = shownHosts(i);
  const lines: string[][] = SERVER_FAMILIES.map(() => []);
  for (let at = 0; at < shown.length; at += sliceSize) {
    for (const h of shown.slice(at, at + sliceSize)) {
      const labels = `server="${escapeLabel(h.name)}",site="${escapeLabel(h.site?.name ?? "")}",group="${escapeLabel((i.groupsOf.get(h.id) ?? []).join(","))}"`;
      SERVER_FAMILIES.forEach((f, k) => {
        const v = f.value(h);
        if (v !== null) lines[k]!.push(`${f.name}{${labels}${f.state ? `,state="${h.state}"` : ""}} ${v}`);
      });
    }
    if (at + sliceSize < shown.length) await new Promise((r) => setImmediate(r));
  }
  const families = SERVER_FAMILIES.map((f, k) => `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} gauge\n${lines[k]!.map((l) => `${l}\n`).join("")}`);
  return `${head}\n${families.join("\n")}`;
}

function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return new Gauge<L>({ name, help, labelNames, registers: [registry] });
}

/** Everything but the per-server series (see renderFleetMetrics). */
export function buildFleetRegistry(i: FleetMetricsInput): Registry {
  const r = new Registry();

  gauge(r, "tandem_info", "This Tandem node: its version and node name (always 1).", ["version", "node"]).set({ version: i.info.version, node: i.info.node }, 1);

  // Fleet-wide counts: every server, whatever the cap.
  const fleet = gauge(r, "tandem_fleet_servers", "Servers by state (MAINTENANCE while a window covers them).", ["state"]);
  const byState = new Map<string, number>(HOST_STATES.map((s) => [s, 0]));
  for (const h of i.hosts) byState.set(h.state, (byState.get(h.state) ?? 0) + 1);
  for (const [state, n] of byState) fleet.set({ state }, n);

  const exported = Math.min(i.hosts.length, Math.max(0, i.maxServers));
  gauge(r, "tandem_metrics_servers_exported", "Servers with per-server series in this scrape.").set(exported);
  gauge(r, "tandem_metrics_servers_dropped", "Servers left out of the per-server series by TANDEM_METRICS_MAX_SERVERS.").set(i.hosts.length - exported);

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
