// Two hubs, as two Tandem nodes have, joined by each real adapter: PostgreSQL
// LISTEN/NOTIFY (the default) and Redis streams (REDIS_URL). A browser on one
// node gets a room broadcast made on the other, server-side events cross both
// ways, and ending a user's sessions disconnects their browser on every node.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "../../test/integration/database";
import { seedUser } from "../../test/integration/users";
import { createHub, type Hub, type HubAdapter } from "./hub";
import { decodeBatch, encodeBatch, type HealthBatch } from "../cluster/health-relay";
import { SESSION_COOKIE } from "../auth/tokens";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
let t: TestDatabase;
const cleanup: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  await t?.drop();
});

async function node(adapter: HubAdapter): Promise<{ hub: Hub; url: string }> {
  const rt = await installTestRuntime(t.db);
  const http: Server = createServer();
  const hub = createHub(http, rt);
  await hub.useAdapter(adapter);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  cleanup.push(() => hub.close());
  return { hub, url: `http://127.0.0.1:${(http.address() as { port: number }).port}` };
}

async function browser(url: string, session: string): Promise<Socket> {
  const s = connect(url, { transports: ["websocket"], extraHeaders: { cookie: `${SESSION_COOKIE}=${session}`, origin: url }, reconnection: false });
  cleanup.push(async () => s.close());
  await new Promise<void>((resolve, reject) => {
    s.on("connect", () => resolve());
    s.on("connect_error", reject);
  });
  return s;
}

const within = <T>(ms: number, what: string, p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))]);

describe.each([
  { name: "postgres", adapter: (): HubAdapter => ({ kind: "postgres", databaseUrl: t.url }) },
  { name: "redis streams", adapter: (): HubAdapter => ({ kind: "redis", redisUrl: REDIS_URL }) },
])("two nodes joined by the $name adapter", ({ adapter }) => {
  let a: { hub: Hub; url: string };
  let b: { hub: Hub; url: string };
  beforeAll(async () => {
    a = await node(adapter());
    b = await node(adapter());
  });

  it("a browser on node B receives a broadcast node A makes to its room", async () => {
    const { session } = await seedUser(t.db, "VIEWER");
    const s = await browser(b.url, session);
    expect(await s.emitWithAck("subscribe", { room: "alerts" })).toMatchObject({ ok: true });
    const got = new Promise<unknown>((r) => s.once("alerts:change", r));
    // The adapters learn of each other by heartbeat; repeat until the first one lands.
    const sending = setInterval(() => a.hub.io.to("alerts").emit("alerts:change", { from: "node A" }), 200);
    try {
      expect(await within(15_000, "cross-node broadcast", got)).toEqual({ from: "node A" });
    } finally {
      clearInterval(sending);
    }
  });

  it("server-side events cross both ways (the health relay's transport)", async () => {
    const atB = new Promise<unknown>((r) => b.hub.io.once("tandem:test", r));
    const atA = new Promise<unknown>((r) => a.hub.io.once("tandem:test-back", r));
    const sending = setInterval(() => a.hub.io.serverSideEmit("tandem:test", { rows: [1, 2, 3] }), 200);
    try {
      expect(await within(15_000, "serverSideEmit A→B", atB)).toEqual({ rows: [1, 2, 3] });
    } finally {
      clearInterval(sending);
    }
    b.hub.io.serverSideEmit("tandem:test-back", "ok");
    expect(await within(15_000, "serverSideEmit B→A", atA)).toBe("ok");
  });

  it("a health batch crosses as the relay sends it (deflated JSON, a binary over NOTIFY's 8000 bytes) and is read back whole", async () => {
    const batch: HealthBatch = { from: "node-a", keys: [], rows: Array.from({ length: 300 }, (_, i) => ({ id: `s${i}`, at: 1_700_000_000_000 + i, h: { note: `row ${i}` } as never })) };
    const wire = await encodeBatch(batch);
    const atB = new Promise<unknown>((r) => b.hub.io.once("tandem:test-binary", r));
    const sending = setInterval(() => a.hub.io.serverSideEmit("tandem:test-binary", wire), 200);
    try {
      expect(decodeBatch(await within(15_000, "binary serverSideEmit A→B", atB))).toEqual(batch);
    } finally {
      clearInterval(sending);
    }
  });

  it("ending a user's sessions on node A disconnects their browser on node B", async () => {
    const { session, user } = await seedUser(t.db, "VIEWER");
    const s = await browser(b.url, session);
    const gone = new Promise<void>((r) => s.once("disconnect", () => r()));
    a.hub.endSessions({ userId: user.id });
    await within(15_000, "disconnect", gone);
  });
});
