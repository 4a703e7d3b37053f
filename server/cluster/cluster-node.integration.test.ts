// Nodes of one cluster on a real PostgreSQL, in this process: the election, the
// fair split of server leases, the hand-over when a node stalls (its database
// link held up, as a GC pause or a dead network would), and the fencing epoch
// refusing a deposed leader's late write.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/integration/database";
import { createDb, type Db } from "../db/client";
import { createLogger } from "../lib/logger";
import { createClusterNode, type ClusterNode } from "./cluster-node";
import { FencedOut } from "./fencing";
import { commitChange, type EngineDeps } from "../operations/commit-change";

const LEASE_MS = 1500;
const SERVERS = 12;
const log = createLogger({ level: "error" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: TestDatabase;
const started: { node: ClusterNode; db: Db }[] = [];

async function startNode(name: string, opts: { pace?: number } = {}): Promise<{ node: ClusterNode; db: Db }> {
  const db = createDb(t.url, { max: 2 });
  const node = createClusterNode({ db, log, name, url: `http://${name}.test`, leaderEligible: true, version: "test", leaseMs: LEASE_MS, pace: opts.pace ?? 100 });
  await node.start();
  const n = { node, db };
  started.push(n);
  return n;
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await sleep(25);
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/** Holds every connection of a node's pool in an open transaction: its queries queue, as behind a dead link. */
function stall(db: Db, ms: number): Promise<unknown> {
  return Promise.all([0, 1].map(() => db.$transaction(async () => sleep(ms), { timeout: ms + 5000, maxWait: ms + 5000 }).catch(() => undefined)));
}

beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < SERVERS; i++) await t.db.server.create({ data: { name: `s${String(i).padStart(2, "0")}`, address: `10.0.0.${i + 1}` } });
});
afterEach(async () => {
  for (const n of started.splice(0)) {
    await n.node.stop().catch(() => undefined);
    await n.db.$disconnect();
  }
  await t.db.$executeRaw`DELETE FROM "ClusterNode"`;
});
afterAll(async () => {
  await t?.drop();
});

describe("a cluster of nodes on one PostgreSQL", () => {
  it("elects exactly one leader, splits the servers fairly and disjointly, and a clean stop hands everything over at once", async () => {
    const a = await startNode("a");
    expect(a.node.isLeader()).toBe(true);
    const epoch = a.node.epoch()!;
    expect(epoch).toBeGreaterThanOrEqual(1);
    await until("a holds every server", () => a.node.leased().size === SERVERS);

    const b = await startNode("b");
    const c = await startNode("c");
    expect(b.node.isLeader()).toBe(false);
    expect(c.node.isLeader()).toBe(false);
    await until("three equal shares", () => [a, b, c].every((n) => n.node.leased().size === SERVERS / 3), 15_000);
    const all = [a, b, c].flatMap((n) => [...n.node.leased()]);
    expect(new Set(all).size).toBe(SERVERS); // disjoint and complete

    await a.node.stop();
    started.splice(started.indexOf(a), 1);
    // The leader lease was handed back: another node takes it on its next tick, with a new epoch.
    await until("a new leader", () => b.node.isLeader() || c.node.isLeader(), 5000);
    const next = b.node.isLeader() ? b.node : c.node;
    expect(next.epoch()).toBe(epoch + 1);
    await until("two shares of six", () => b.node.leased().size === SERVERS / 2 && c.node.leased().size === SERVERS / 2, 10_000);
    await a.db.$disconnect();
  });

  it("a stalled node stops polling before any other node may take its servers, and its late leader write is refused", async () => {
    const a = await startNode("a");
    const b = await startNode("b");
    await until("an even split", () => a.node.leased().size === SERVERS / 2 && b.node.leased().size === SERVERS / 2, 10_000);
    expect(a.node.isLeader()).toBe(true);
    const oldEpoch = a.node.epoch()!;
    const aServers = [...a.node.leased()];

    // Watch, every few ms, when a stops counting each of its servers as its own and when b starts.
    const aLetGo = new Map<string, number>();
    const bTook = new Map<string, number>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const now = performance.now();
        for (const s of aServers) {
          if (!a.node.owns(s) && !aLetGo.has(s)) aLetGo.set(s, now);
          if (b.node.owns(s) && !bTook.has(s)) bTook.set(s, now);
        }
        await sleep(5);
      }
    })();
    const stalled = stall(a.db, LEASE_MS * 3);
    await until("b leads", () => b.node.isLeader(), 10_000);
    await until("b holds every server", () => b.node.leased().size === SERVERS, 10_000);
    // Leased is not yet owned: b counts a server as its own once its renewal is confirmed; on a loaded machine that can come a tick later.
    await until("b has counted each of a's servers as its own", () => aServers.every((s) => bTook.has(s)), 10_000);
    watching = false;
    await watcher;

    // Two nodes never poll one server at once: a had let go of each server before b took it.
    for (const s of aServers) {
      expect(aLetGo.get(s), `a let go of ${s}`).toBeDefined();
      expect(bTook.get(s), `b took ${s}`).toBeDefined();
      expect(aLetGo.get(s)!).toBeLessThan(bTook.get(s)!);
    }
    expect(a.node.isLeader()).toBe(false);
    expect(b.node.epoch()).toBe(oldEpoch + 1);

    // The classic lease-plus-token rule: a's late write, carrying the epoch it was elected with, is refused.
    await stalled;
    const op = await t.db.operation.create({ data: { kind: "SWITCHOVER", initiator: "test", state: "RUNNING", plan: {} } });
    const deps = (fence: EngineDeps["fence"]): EngineDeps => ({ db: a.db, actions: {}, log, clock: () => new Date(), emit: () => undefined, fence });
    await expect(commitChange(deps({ epoch: () => oldEpoch }), op.id, { op: { state: "SUCCEEDED", outcome: "late write" } })).rejects.toBeInstanceOf(FencedOut);
    // Nor does a's own node fence let it through: it knows it is no longer leader.
    await expect(commitChange(deps(a.node), op.id, { op: { state: "SUCCEEDED" } })).rejects.toBeInstanceOf(FencedOut);
    expect((await t.db.operation.findUniqueOrThrow({ where: { id: op.id } })).state).toBe("RUNNING");
    // The new leader's write goes through and carries its epoch.
    await commitChange({ ...deps(b.node), db: b.db }, op.id, { op: { state: "SUCCEEDED", outcome: "the new leader" } });
    const after = await t.db.operation.findUniqueOrThrow({ where: { id: op.id } });
    expect(after.state).toBe("SUCCEEDED");
    expect(after.leaderEpoch).toBe(oldEpoch + 1);

    // Back from its stall, a rejoins as a follower and gets a fair share again.
    await until("a back with a share", () => a.node.leased().size === SERVERS / 2 && b.node.leased().size === SERVERS / 2, 15_000);
    expect(a.node.isLeader()).toBe(false);
  });

  it("a joining node takes its share gradually, at the pace set", async () => {
    const a = await startNode("a", { pace: 2 });
    await until("a holds every server", () => a.node.leased().size === SERVERS, 15_000);
    const b = await startNode("b", { pace: 2 });
    const sizes: number[] = [];
    await until(
      "an even split",
      () => {
        sizes.push(b.node.leased().size);
        return a.node.leased().size === SERVERS / 2 && b.node.leased().size === SERVERS / 2;
      },
      20_000,
    );
    // Never more than the pace in one step.
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]! - sizes[i - 1]!).toBeLessThanOrEqual(2);
  });
});
