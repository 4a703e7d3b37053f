import { describe, expect, it } from "vitest";
import type { TFleetHost } from "../fleet/fleet.types";
import { renderFleetMetrics, type FleetMetricsInput } from "./fleet-metrics";

const host = (name: string, o: Partial<TFleetHost> = {}): TFleetHost => ({
  id: `id-${name}`,
  name,
  address: "10.0.0.1",
  site: { id: "s1", name: "eu-west" },
  tags: [],
  enabled: true,
  pollMs: 5000,
  state: "UP",
  health: "UP",
  since: 0,
  reason: null,
  lastSampleAt: 1_700_000_000_000,
  cpu: 12,
  mem: 40,
  disk: 71,
  load1: 0.25,
  lag: null,
  maintenance: null,
  ...o,
});

const input = (o: Partial<FleetMetricsInput> = {}): FleetMetricsInput => ({
  hosts: [host("db-1", { lag: 3 }), host("db-2", { state: "DOWN", health: "DOWN", cpu: null, mem: null, disk: null, load1: null })],
  groupsOf: new Map([["id-db-1", ["pg-main"]], ["id-db-2", ["pg-main", "backup"]]]),
  groups: [{ name: "pg-main", mode: "ACTIVE_PASSIVE", state: "AT_RISK", inService: 1, minHealthy: 1, drCovered: false }],
  operations: [{ kind: "FAILOVER", state: "SUCCEEDED", count: 2 }],
  alerts: [{ severity: "CRITICAL", state: "FIRING", count: 1 }],
  deliveries: [{ state: "FAILED", count: 4 }],
  cluster: { nodes: [{ state: "live" }, { state: "lost" }], isLeader: true, leaderEpoch: 7 },
  info: { version: "0.1.0", node: "n1" },
  maxServers: 5000,
  ...o,
});

// Slices of 2 servers: the yields between slices run in every test.
const render = (i: FleetMetricsInput) => renderFleetMetrics(i, 2);

describe("fleet metrics", () => {
  it("exports each server's gauges labelled by server, site and group", async () => {
    const text = await render(input());
    expect(text).toContain('tandem_server_cpu_percent{server="db-1",site="eu-west",group="pg-main"} 12');
    expect(text).toContain('tandem_server_replication_lag_seconds{server="db-1",site="eu-west",group="pg-main"} 3');
    expect(text).toContain('tandem_server_state{server="db-2",site="eu-west",group="pg-main,backup",state="DOWN"} 1');
    expect(text).toContain('tandem_server_up{server="db-2",site="eu-west",group="pg-main,backup"} 0');
    // A server with no sample has no cpu series rather than a made-up 0.
    expect(text).not.toMatch(/tandem_server_cpu_percent\{server="db-2"/);
    expect(text).toContain('tandem_fleet_servers{state="DOWN"} 1');
    expect(text).toContain('tandem_fleet_servers{state="UNREACHABLE"} 0');
  });

  it("exports redundancy, operations, alerts, deliveries and the cluster", async () => {
    const text = await render(input());
    expect(text).toContain('tandem_group_redundancy{group="pg-main",mode="ACTIVE_PASSIVE",state="AT_RISK"} 1');
    expect(text).toContain('tandem_group_redundancy{group="pg-main",mode="ACTIVE_PASSIVE",state="OK"} 0');
    expect(text).toContain('tandem_operations{kind="FAILOVER",state="SUCCEEDED"} 2');
    expect(text).toContain('tandem_alerts{severity="CRITICAL",state="FIRING"} 1');
    expect(text).toContain('tandem_notification_deliveries{state="FAILED"} 4');
    expect(text).toContain('tandem_cluster_nodes{state="live"} 1');
    expect(text).toContain("tandem_cluster_is_leader 1");
    expect(text).toContain("tandem_cluster_leader_epoch 7");
  });

  it("caps per-server series at maxServers, by name, and says how many were dropped", async () => {
    const hosts = Array.from({ length: 10 }, (_, i) => host(`web-${String(i).padStart(2, "0")}`));
    const text = await render(input({ hosts: hosts.reverse(), maxServers: 3 }));
    const servers = [...text.matchAll(/^tandem_server_cpu_percent\{server="([^"]+)"/gm)].map((m) => m[1]);
    expect(servers).toEqual(["web-00", "web-01", "web-02"]);
    expect(text).toContain("tandem_metrics_servers_exported 3");
    expect(text).toContain("tandem_metrics_servers_dropped 7");
    // The fleet-wide count still covers every server.
    expect(text).toContain('tandem_fleet_servers{state="UP"} 10');
  });

  it("writes each per-server family once, its series together, whatever the slicing", async () => {
    const hosts = Array.from({ length: 5 }, (_, i) => host(`app-${i}`));
    const text = await render(input({ hosts }));
    expect(text).toBe(await renderFleetMetrics(input({ hosts }), 1000));
    const blocks = text.split(/\n(?=# HELP )/);
    const cpu = blocks.filter((b) => b.startsWith("# HELP tandem_server_cpu_percent "));
    expect(cpu).toHaveLength(1);
    expect(cpu[0]!.trim().split("\n").slice(2).map((l) => l.split("{")[0])).toEqual(Array(5).fill("tandem_server_cpu_percent"));
    expect(text.match(/^# TYPE tandem_server_state gauge$/gm)).toHaveLength(1);
  });

  it("escapes label values it does not control", async () => {
    const text = await render(input({ hosts: [host('we"ird\\name\nline2')], groupsOf: new Map() }));
    expect(text).toContain('tandem_server_load1{server="we\\"ird\\\\name\\nline2",site="eu-west",group=""} 0.25');
  });

  it("leaves the epoch out while no node leads", async () => {
    const text = await render(input({ cluster: { nodes: [], isLeader: false, leaderEpoch: null } }));
    expect(text).not.toContain("tandem_cluster_leader_epoch");
    expect(text).toContain("tandem_cluster_is_leader 0");
  });
});
