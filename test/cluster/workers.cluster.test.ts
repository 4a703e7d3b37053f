// TANDEM_WORKERS=2: the web node forks a polling worker that takes half of the
// servers and hands their health to the web node over the fork's IPC channel,
// so a browser on the web node sees every server fresh without a byte of it
// going through PostgreSQL; a worker killed with -9 is started again and its
// servers come back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_INTERVAL_MS } from "../../server/demo/start-demo";
import pg from "pg";
import { RELAY_EVENTS } from "../../server/cluster/health-relay";
import { clusterOf, eventually, LEASE_SECONDS, sleep, startCluster, watchFleet, type Cluster, type Node } from "./cluster-harness";

let c: Cluster;
let web: Node;
const closers: (() => void)[] = [];
const fresh = (lastSample: Map<string, number>, ids: Iterable<string>, since = 0) => {
  const now = Date.now();
  return [...ids].every((id) => (lastSample.get(id) ?? 0) > since && now - (lastSample.get(id) ?? 0) < 2 * DEMO_INTERVAL_MS + 1000);
};

beforeAll(async () => {
  c = await startCluster({ simPort: 2492 });
  web = await c.startNode("web", { TANDEM_WORKERS: "2" });
  await eventually(
    "the web node and its worker holding the 27 servers between them",
    async () => {
      const cl = await clusterOf(web);
      const live = cl.nodes.filter((n) => n.state === "live");
      return live.length === 2 && live.every((n) => n.servers > 0) && cl.servers.unleased === 0;
    },
    45_000,
  );
}, 240_000);

afterAll(async () => {
  for (const close of closers) close();
  await c?.stop();
}, 120_000);

describe("TANDEM_WORKERS=2 on one machine", () => {
  it("the web node shows every server fresh, the worker's over IPC and none through the database; a killed worker's servers come back", async () => {
    const fleet = await watchFleet(web);
    closers.push(fleet.close);
    expect(fleet.names.size).toBe(27);
    await eventually("every server sampled in the last two intervals, as the web node shows it", () => fresh(fleet.lastSample, fleet.names.keys()));
    // Listening on the adapter's channel: its heartbeats go by (so this is the right channel), health batches do not.
    const listener = new pg.Client({ connectionString: c.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (m) => heard.push(m.payload ?? ""));
    await listener.query(`LISTEN "socket.io#/"`);
    await sleep(3 * DEMO_INTERVAL_MS);
    await listener.end();
    expect(heard.length).toBeGreaterThan(0);
    expect(heard.filter((p) => p.includes(RELAY_EVENTS.health) || p.includes("attachmentId"))).toEqual([]);
    const attachments = await c.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM socket_io_attachments`;
    expect(attachments[0]?.n).toBe(0);

    const worker = (await clusterOf(web)).nodes.find((x) => x.state === "live" && x.url === null)!;
    const pid = Number(worker.pid);
    const held = await c.db.$queryRaw<{ serverId: string }[]>`SELECT "serverId" FROM "ServerLease" WHERE "nodeId" = ${worker.id}::uuid`;
    expect(held.length).toBeGreaterThan(0);
    const killedAt = Date.now();
    process.kill(pid, "SIGKILL");
    await eventually(
      "the worker's servers sampled again after the kill, as the web node shows them",
      () => fresh(fleet.lastSample, held.map((h) => h.serverId), killedAt),
      LEASE_SECONDS * 1000 * 2 + 4 * DEMO_INTERVAL_MS + 10_000,
    );
  });
});
