// The socket hub as a browser meets it: no session, no connection; a session
// from another origin, no connection; a valid one connects, joins rooms with
// validated payloads, and is cut off when its session ends.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "../../test/integration/database";
import { seedUser } from "../../test/integration/users";
import { createHub, type Hub } from "./hub";
import { SESSION_COOKIE } from "../auth/tokens";

let t: TestDatabase;
let http: Server;
let hub: Hub;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  const rt = await installTestRuntime(t.db);
  http = createServer();
  // A gather window far longer than the test needs: three subscriptions sent together always land in one.
  hub = createHub(http, rt, { sharedSnapshotGatherMs: 1000 });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub?.close();
  await t?.drop();
});

function open(opts: { cookie?: string; origin?: string; token?: string }): Promise<{ socket: Socket; error?: string }> {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = `${SESSION_COOKIE}=${opts.cookie}`;
  if (opts.origin) headers.origin = opts.origin;
  const socket = connect(url, { transports: ["websocket"], extraHeaders: headers, auth: opts.token ? { token: opts.token } : {}, reconnection: false });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.on("connect", () => resolve({ socket }));
    socket.on("connect_error", (e) => resolve({ socket, error: e.message }));
  });
}

describe("socket hub", () => {
  it("refuses a connection without a valid session or token", async () => {
    expect((await open({})).error).toBe("UNAUTHENTICATED");
    expect((await open({ cookie: "forged" , origin: url })).error).toBe("UNAUTHENTICATED");
    expect((await open({ token: "tdm_forged" })).error).toBe("UNAUTHENTICATED");
  });

  it("refuses a valid session cookie sent from another origin", async () => {
    const { session } = await seedUser(t.db, "VIEWER");
    expect((await open({ cookie: session, origin: "https://evil.example" })).error).toBe("CSRF");
  });

  it("accepts a session, validates subscriptions, and disconnects when the session ends", async () => {
    const { session, sessionId, user } = await seedUser(t.db, "VIEWER");
    const { socket, error } = await open({ cookie: session, origin: url });
    expect(error).toBeUndefined();
    expect(await socket.emitWithAck("whoami")).toMatchObject({ ok: true, user: { id: user.id, role: "VIEWER" } });
    expect(await socket.emitWithAck("subscribe", { room: "fleet" })).toEqual({ ok: true });
    const bad = await socket.emitWithAck("subscribe", { room: "everything" });
    expect(bad).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    const extra = await socket.emitWithAck("subscribe", { room: "fleet", since: 5 });
    expect(extra).toMatchObject({ ok: false, error: { code: "VALIDATION", message: "payload.since is not a known field" } });

    // What a room member receives.
    const got = new Promise((r) => socket.once("fleet:delta", r));
    hub.io.to("fleet").emit("fleet:delta", { seq: 1 });
    expect(await got).toEqual({ seq: 1 });

    const gone = new Promise((r) => socket.once("disconnect", r));
    hub.endSessions({ userId: user.id, sessionId });
    expect(await gone).toBe("io server disconnect");
  });

  it("gives sockets that subscribe together one shared snapshot, built once, before their ack; a later socket gets a fresh one", async () => {
    const { session } = await seedUser(t.db, "VIEWER");
    let built = 0;
    hub.setRoomProvider("alerts", { event: "alerts:snapshot", snapshot: () => ({ n: ++built }), shared: true });
    const clients = await Promise.all([1, 2, 3].map(() => open({ cookie: session, origin: url })));
    const order: string[][] = clients.map(() => []);
    const acks = clients.map(({ socket }, i) => {
      socket.on("alerts:snapshot", (snap: { n: number }) => order[i]!.push(`snapshot ${snap.n}`));
      return socket.emitWithAck("subscribe", { room: "alerts" }).then((r) => (order[i]!.push("ack"), r));
    });
    expect(await Promise.all(acks)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(built).toBe(1);
    expect(order).toEqual([["snapshot 1", "ack"], ["snapshot 1", "ack"], ["snapshot 1", "ack"]]);
    expect(hub.roomSize("alerts")).toBe(3);

    const late = await open({ cookie: session, origin: url });
    const snap = new Promise((r) => late.socket.once("alerts:snapshot", r));
    expect(await late.socket.emitWithAck("subscribe", { room: "alerts" })).toEqual({ ok: true });
    expect(await snap).toEqual({ n: 2 });
    // The earlier subscribers got no second snapshot, and every one of them is in the room.
    expect(order.map((o) => o.length)).toEqual([2, 2, 2]);
    expect(hub.roomSize("alerts")).toBe(4);
  });
});
