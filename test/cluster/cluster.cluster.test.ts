// Tandem as a cluster, proven with three real node processes on one real
// PostgreSQL, polling the simulated demo fleet over SSH:
//   - every node's browsers see every server and every operation, whichever node polls or runs it;
//   - kill -9 a polling node: its servers are fresh again on the others within the lease time
//     plus one poll interval (plus a claim tick), and the leader raises "node lost";
//   - kill -9 the leader in the middle of a failover: another node is leader within the lease
//     time and finishes or ends that failover, visibly;
//   - never two agent streams on one host at once (the simulator counts them).
// The fencing token refusing a deposed leader's late write is proven on the database in
// server/cluster/cluster-node.integration.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { DEMO_INTERVAL_MS } from "../../server/demo/start-demo";
import { clusterOf, eventually, LEASE_SECONDS, startCluster, watchFleet, type Cluster, type Node } from "./cluster-harness";

let c: Cluster;
let a: Node;
let b: Node;
let cNode: Node;
const sockets: Socket[] = [];
const closers: (() => void)[] = [];
const ENDED = ["SUCCEEDED", "FAILED", "ROLLED_BACK", "ABORTED"];
/** Lease expiry, then the claimer's next tick, then one poll (connect, install check, first sample), then slack for a busy 2-core machine. */
const TAKEOVER_BOUND_MS = LEASE_SECONDS * 1000 + (LEASE_SECONDS * 1000) / 3 + DEMO_INTERVAL_MS + 4000;

async function groupId(node: Node, name: string): Promise<string> {
  const r = await node.api<{ groups: { id: string; name: string }[] }>("GET", "/api/v1/groups");
  const g = r.body.groups.find((x) => x.name === name);
  if (!g) throw new Error(`no group ${name}`);
  return g.id;
}

async function leasedBy(nodeName: string): Promise<string[]> {
  const rows = await c.db.$queryRaw<{ serverId: string }[]>`
    SELECT l."serverId" FROM "ServerLease" l JOIN "ClusterNode" n ON n.id = l."nodeId" WHERE n.name = ${nodeName} AND n."stoppedAt" IS NULL AND n."lostAt" IS NULL`;
  return rows.map((r) => r.serverId);
}

beforeAll(async () => {
  c = await startCluster({ simPort: 2462 });
  a = await c.startNode("node-a");
  b = await c.startNode("node-b");
  cNode = await c.startNode("node-c");
  await eventually(
    "three live nodes holding nine servers each",
    async () => {
      const cl = await clusterOf(b);
      const live = cl.nodes.filter((n) => n.state === "live");
      return live.length === 3 && live.every((n) => n.servers === 9) && cl.servers.unleased === 0 && cl.leader?.name === "node-a";
    },
    45_000,
  );
}, 240_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const close of closers) close();
  await c?.stop();
}, 120_000);

describe("three Tandem nodes on one PostgreSQL", () => {
  it("a browser on any node sees every server fresh, and the live samples of a server another node polls", async () => {
    const fleet = await watchFleet(b);
    closers.push(fleet.close);
    expect(fleet.names.size).toBe(27);
    await eventually("every server sampled in the last two intervals, as node-b shows it", () => {
      const now = Date.now();
      return [...fleet.names.keys()].every((id) => now - (fleet.lastSample.get(id) ?? 0) < 2 * DEMO_INTERVAL_MS + 1000);
    });

    // A server node-c polls, watched from node-a.
    const polledByC = (await leasedBy("node-c"))[0]!;
    const s = await a.socket();
    sockets.push(s);
    let samples = 0;
    s.on("host:sample", (e: { id: string }) => {
      if (e.id === polledByC) samples++;
    });
    const joined = await new Promise<{ ok: boolean }>((r) => s.emit("subscribe", { room: `host:${polledByC}` }, r));
    expect(joined.ok).toBe(true);
    await eventually("two live samples of node-c's server on node-a", () => samples >= 2, 4 * DEMO_INTERVAL_MS + 2000);
  });

  it("GET /metrics on any node: the same whole fleet, that node's own polls, exactly one leader", async () => {
    const scrape = async (n: typeof a) => {
      const res = await fetch(`${n.url}/metrics`, { headers: { cookie: n.cookie } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const value = (text: string, series: string) => Number(text.split("\n").find((l) => l.startsWith(series + " "))?.slice(series.length + 1));
    const texts = await Promise.all([a, b, cNode].map(scrape));
    for (const text of texts) {
      expect([...text.matchAll(/^tandem_fleet_servers\{state="\w+"\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0)).toBe(27);
      expect(text.match(/^tandem_server_up\{/gm)).toHaveLength(27);
      expect(value(text, 'tandem_cluster_nodes{state="live"}')).toBe(3);
      // Each node polls its nine servers: its own counter grows.
      expect(value(text, 'tandem_polls_total{process="main"}')).toBeGreaterThan(0);
    }
    expect(texts.map((t) => value(t, "tandem_cluster_is_leader"))).toEqual([1, 0, 0]);
    expect(new Set(texts.map((t) => value(t, "tandem_cluster_leader_epoch"))).size).toBe(1);
  });

  it("a mutation sent to a follower runs on the leader, and its operation streams to a browser on a third node", async () => {
    const leader = (await clusterOf(a)).leader!;
    const group = await groupId(cNode, "pg-fra1");
    const watcher = await b.socket();
    sockets.push(watcher);
    const steps: string[] = [];
    const states: string[] = [];
    watcher.on("operation:step", (e: { step: { action: string; state: string } }) => steps.push(`${e.step.action}:${e.step.state}`));
    watcher.on("operation:state", (e: { state: string }) => states.push(e.state));

    const started = await cNode.api<{ id: string; state: string }>("POST", `/api/v1/groups/${group}/switchover`, { reason: "cluster test: switchover through a follower" });
    expect(started.status).toBe(202);
    const joined = await new Promise<{ ok: boolean }>((r) => watcher.emit("subscribe", { room: `operation:${started.body.id}` }, r));
    expect(joined.ok).toBe(true);
    await eventually("the switchover ends", async () => ENDED.includes((await b.api<{ state: string }>("GET", `/api/v1/operations/${started.body.id}`)).body.state), 60_000);
    const op = await c.db.operation.findUniqueOrThrow({ where: { id: started.body.id } });
    expect(op.state).toBe("SUCCEEDED");
    // Run by the leader, under its epoch; streamed live to node-b's browser.
    expect(op.leaderEpoch).toBe(leader.epoch);
    expect(steps.some((x) => x.endsWith(":SUCCEEDED"))).toBe(true);
    expect(states).toContain("SUCCEEDED");
  });

  it("kill -9 a polling node: its servers are fresh again on the others within the lease time plus one interval, and the leader raises node lost", async () => {
    const fleet = await watchFleet(a);
    closers.push(fleet.close);
    const orphans = await leasedBy("node-c");
    expect(orphans.length).toBeGreaterThan(0);
    const killedAt = Date.now();
    await cNode.kill9();

    const freshAt = await eventually("node-c's servers sampled again by node-a or node-b", () => (orphans.every((id) => (fleet.lastSample.get(id) ?? 0) > killedAt) ? Date.now() : null), TAKEOVER_BOUND_MS + 10_000, 50);
    const tookMs = freshAt - killedAt;
    console.log(`cluster: a killed node's ${orphans.length} servers were fresh again after ${(tookMs / 1000).toFixed(1)} s (lease ${LEASE_SECONDS} s, interval ${DEMO_INTERVAL_MS / 1000} s)`);
    expect(tookMs).toBeLessThanOrEqual(TAKEOVER_BOUND_MS);
    const after = await clusterOf(a);
    expect(after.nodes.filter((n) => n.state === "live").map((n) => [n.name, n.servers])).toEqual(
      expect.arrayContaining([
        ["node-a", expect.any(Number)],
        ["node-b", expect.any(Number)],
      ]),
    );
    expect(after.servers.unleased).toBe(0);

    const alert = await eventually(
      "a node-lost alert",
      async () => (await a.api<{ alerts: { title: string; severity: string }[] }>("GET", "/api/v1/alerts?source=node-lost&state=open")).body.alerts[0],
      15_000,
    );
    expect(alert.title).toBe("Tandem node node-c lost");
    expect((await clusterOf(b)).nodes.find((n) => n.name === "node-c")?.state).toBe("lost");
    // Never two pollers on one host, through the rebalancing at start and this takeover.
    expect(c.sim.stats().maxStreamsPerHost).toBe(1);
  });

  it("kill -9 the leader in the middle of a failover: another node is leader within the lease time and finishes the failover", async () => {
    const before = await clusterOf(b);
    expect(before.leader?.name).toBe("node-a");
    const group = await groupId(b, "pg-lon1");
    // The hypervisor that fences pg-lon1's primary answers slowly, so the fence step is still running when the leader dies.
    await c.sim.inject("hv-lon1", "slow", { delayMs: 4000 });
    const started = await b.api<{ id: string }>("POST", `/api/v1/groups/${group}/failover`, { reason: "cluster test: failover while the leader dies" });
    expect(started.status).toBe(202);
    const id = started.body.id;
    await eventually(
      "the fence step running",
      async () => {
        const op = await b.api<{ steps: { action: string; state: string }[] }>("GET", `/api/v1/operations/${id}`);
        return op.body.steps.some((s) => s.action === "fence" && s.state === "RUNNING");
      },
      30_000,
      50,
    );
    const killedAt = Date.now();
    await a.kill9();

    const leader = await eventually(
      "node-b leads",
      async () => {
        const l = (await clusterOf(b)).leader;
        return l && l.name === "node-b" ? l : null;
      },
      LEASE_SECONDS * 1000 + 10_000,
      50,
    );
    const electedMs = Date.now() - killedAt;
    console.log(`cluster: node-b led ${(electedMs / 1000).toFixed(1)} s after the leader was killed (lease ${LEASE_SECONDS} s), epoch ${before.leader!.epoch} -> ${leader.epoch}`);
    expect(leader.epoch).toBe(before.leader!.epoch + 1);
    expect(electedMs).toBeLessThanOrEqual(LEASE_SECONDS * 1000 + (LEASE_SECONDS * 1000) / 3 + 2000);

    await c.sim.clear("hv-lon1", "slow");
    const ended = await eventually(
      "the failover ends",
      async () => {
        const op = await c.db.operation.findUniqueOrThrow({ where: { id } });
        return ENDED.includes(op.state) ? op : null;
      },
      90_000,
    );
    // Taken over visibly: recorded in the audit log, finished under the new epoch.
    const recovered = await c.db.auditEvent.findMany({ where: { targetId: id, action: "operation.recover" } });
    expect(recovered.length).toBeGreaterThanOrEqual(1);
    expect(ended.leaderEpoch).toBe(leader.epoch);
    const steps = await c.db.operationStep.findMany({ where: { operationId: id }, orderBy: { index: "asc" }, select: { index: true, action: true, state: true, output: true } });
    expect(ended.state, JSON.stringify({ outcome: ended.outcome, steps }, null, 1)).toBe("SUCCEEDED");
    const primary = await c.db.groupMember.findFirst({ where: { groupId: group, role: "PRIMARY" }, include: { server: { select: { name: true } } } });
    expect(primary?.server.name).toBe("db-lon1-b");
  });
});
