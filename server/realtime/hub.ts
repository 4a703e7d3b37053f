// The socket.io hub: every connection is authenticated (session cookie or API
// token) and origin-checked; clients join rooms per resource and get batched
// deltas (the fleet, the open alerts, a host, a group, an operation).
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import pg from "pg";
import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import { createAdapter as createRedisStreamsAdapter } from "@socket.io/redis-streams-adapter";
import { createClient as createRedisClient } from "redis";
import { z } from "zod";
import type { Runtime } from "../runtime";
import type { Principal } from "../auth/principal";
import { authenticate } from "../http/authenticate";
import { checkSameOrigin } from "../http/csrf";
import { isAppError } from "../errors/app-error";
import { validationError } from "../errors/zod-issues";

export type Reply<T = object> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

const ZRoom = z.string().regex(/^(fleet|alerts|(host|group|operation):[0-9a-f-]{36})$/, "must be fleet, alerts, host:<id>, group:<id> or operation:<id>");
const ZSubscribe = z.strictObject({ room: ZRoom });

/** Sends a room's current state to a socket that just joined it; deltas follow through the room. */
export type RoomProvider = {
  event: string;
  /** null: nothing to show for this id (unknown resource). */
  snapshot(id: string | null, principal: Principal): unknown | null | Promise<unknown | null>;
  /**
   * The same snapshot for everyone (it depends on neither the id nor the
   * principal): sockets subscribing within SHARED_SNAPSHOT_GATHER_MS of each
   * other get one snapshot, built and encoded once. At 10,000 servers the fleet
   * snapshot costs ~100 ms of the event loop to build and encode; 100 browsers
   * reconnecting at once (a node restarted) held a node for 10-25 s.
   */
  shared?: boolean;
};

/** How long a shared snapshot waits for more subscribers before it is built. */
export const SHARED_SNAPSHOT_GATHER_MS = 50;
export type RoomKind = "fleet" | "alerts" | "host" | "group" | "operation";

/** How broadcasts reach the other nodes of a cluster: PostgreSQL LISTEN/NOTIFY, or Redis streams when REDIS_URL is set. */
export type HubAdapter = { kind: "postgres"; databaseUrl: string } | { kind: "redis"; redisUrl: string };

export type Hub = {
  io: Server;
  /** "local" in a single process, else the adapter carrying broadcasts across nodes. */
  readonly adapter: "local" | HubAdapter["kind"];
  /** Carry broadcasts across the cluster's nodes; call before the server listens. */
  useAdapter(a: HubAdapter): Promise<void>;
  setRoomProvider(kind: RoomKind, provider: RoomProvider): void;
  /** How many sockets are in a room (to skip work nobody watches). */
  roomSize(room: string): number;
  /** Disconnect the sockets of one session, or of every session of a user. */
  endSessions(target: { userId: string; sessionId?: string }): void;
  close(): Promise<void>;
};

function headersOf(socket: Socket): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(socket.handshake.headers)) {
    if (typeof v === "string") h.set(k, v);
    else if (Array.isArray(v)) h.set(k, v.join(", "));
  }
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof token === "string") h.set("authorization", `Bearer ${token}`);
  return h;
}

function replyError(e: unknown): Reply {
  if (isAppError(e)) return { ok: false, error: { code: e.code, message: e.message } };
  return { ok: false, error: { code: "INTERNAL", message: "unexpected error" } };
}

/** The adapter table, as @socket.io/postgres-adapter documents it (payloads over NOTIFY's 8000 bytes). */
const ATTACHMENTS_TABLE = `CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`;

/** Connects the cross-node adapter; returns what closes it. */
async function attachAdapter(io: Server, a: HubAdapter, log: Runtime["log"]): Promise<() => Promise<void>> {
  if (a.kind === "redis") {
    const client = createRedisClient({ url: a.redisUrl });
    client.on("error", (e: Error) => log.error("redis (socket.io adapter) error", { err: e }));
    await client.connect();
    io.adapter(createRedisStreamsAdapter(client));
    return async () => void (await client.quit().catch(() => undefined));
  }
  const pool = new pg.Pool({ connectionString: a.databaseUrl, max: 4 });
  pool.on("error", (e) => log.error("postgres (socket.io adapter) error", { err: e }));
  try {
    await pool.query(ATTACHMENTS_TABLE);
  } catch (e) {
    // Two nodes starting at once may race on the IF NOT EXISTS; the table is there either way.
    if ((e as { code?: string }).code !== "23505") throw e;
  }
  io.adapter(createPostgresAdapter(pool, { heartbeatInterval: 2000, heartbeatTimeout: 6000 }));
  return async () => void (await pool.end().catch(() => undefined));
}

/**
 * The hub on `httpServer` (absent: a polling worker with no web server, which
 * still takes part in cross-node events). After useAdapter(), broadcasts to
 * rooms and serverSideEmit cross every node of the cluster.
 */
export function createHub(httpServer: HttpServer | undefined, rt: Pick<Runtime, "db" | "config" | "log">, opts: { sharedSnapshotGatherMs?: number } = {}): Hub {
  const io = new Server({
    path: "/socket.io",
    serveClient: false,
    // Leave other upgrade requests (Next's dev HMR) to their own handler.
    destroyUpgrade: false,
    maxHttpBufferSize: 64 * 1024,
  });
  let closeAdapter = async () => undefined as void;
  let adapterKind: Hub["adapter"] = "local";
  if (httpServer) io.attach(httpServer);

  io.use(async (socket, next) => {
    try {
      const headers = headersOf(socket);
      const { principal, via } = await authenticate(headers, rt);
      if (!principal) return next(new Error("UNAUTHENTICATED"));
      if (via === "cookie") checkSameOrigin(headers, { publicUrl: rt.config.publicUrl, trustProxy: rt.config.trustProxy, allowUnmarked: false });
      socket.data.principal = principal;
      next();
    } catch (e) {
      next(new Error(isAppError(e) ? e.code : "INTERNAL"));
    }
  });

  const providers = new Map<RoomKind, RoomProvider>();

  /** Rooms whose shared snapshot is being gathered: the sockets that will get it. */
  const gathering = new Map<string, { sockets: Set<Socket>; done: Promise<void> }>();
  /** Joins `socket` to `room` with the next shared snapshot, sent to every socket gathered with it in one broadcast. */
  const joinShared = (room: string, provider: RoomProvider, socket: Socket): Promise<void> => {
    let g = gathering.get(room);
    if (!g) {
      const sockets = new Set<Socket>();
      const done = (async () => {
        await new Promise((r) => setTimeout(r, opts.sharedSnapshotGatherMs ?? SHARED_SNAPSHOT_GATHER_MS));
        gathering.delete(room);
        const snapshot = await provider.snapshot(null, socket.data.principal as Principal);
        const live = [...sockets].filter((s) => s.connected);
        for (const s of live) await s.join(room);
        // Every socket is in a room of its own id: one broadcast, encoded once, to just these.
        if (live.length) io.local.to(live.map((s) => s.id)).emit(provider.event, snapshot);
      })();
      g = { sockets, done };
      gathering.set(room, g);
    }
    g.sockets.add(socket);
    return g.done;
  };

  io.on("connection", (socket) => {
    const p = socket.data.principal as Principal;
    void socket.join(`user:${p.userId}`);
    if (p.sessionId) void socket.join(`session:${p.sessionId}`);

    socket.on("whoami", (ack: unknown) => {
      if (typeof ack === "function") ack({ ok: true, user: { id: p.userId, email: p.email, role: p.role } } satisfies Reply<{ user: object }>);
    });

    // Subscribing sends the room's snapshot first, then the socket gets the room's deltas.
    socket.on("subscribe", async (payload: unknown, ack: unknown) => {
      const reply = typeof ack === "function" ? (ack as (r: Reply) => void) : () => undefined;
      const r = ZSubscribe.safeParse(payload);
      if (!r.success) return reply(replyError(validationError(r.error, "payload")));
      const [kind, id] = r.data.room.split(":") as [RoomKind, string | undefined];
      const provider = providers.get(kind);
      try {
        if (provider?.shared) {
          await joinShared(r.data.room, provider, socket);
          return reply({ ok: true });
        }
        const snapshot = provider ? await provider.snapshot(id ?? null, p) : undefined;
        if (provider && snapshot === null) return reply({ ok: false, error: { code: "NOT_FOUND", message: `${r.data.room} not found` } });
        await socket.join(r.data.room);
        if (provider) socket.emit(provider.event, snapshot);
        reply({ ok: true });
      } catch (e) {
        rt.log.error("room snapshot failed", { room: r.data.room, err: e as Error });
        reply(replyError(e));
      }
    });

    socket.on("unsubscribe", async (payload: unknown, ack: unknown) => {
      const reply = typeof ack === "function" ? (ack as (r: Reply) => void) : () => undefined;
      const r = ZSubscribe.safeParse(payload);
      if (!r.success) return reply(replyError(validationError(r.error, "payload")));
      await socket.leave(r.data.room);
      reply({ ok: true });
    });
  });

  return {
    io,
    get adapter() {
      return adapterKind;
    },
    async useAdapter(a) {
      closeAdapter = await attachAdapter(io, a, rt.log);
      adapterKind = a.kind;
    },
    setRoomProvider: (kind, provider) => void providers.set(kind, provider),
    roomSize: (room) => io.sockets.adapter.rooms.get(room)?.size ?? 0,
    endSessions({ userId, sessionId }) {
      io.in(sessionId ? `session:${sessionId}` : `user:${userId}`).disconnectSockets(true);
    },
    async close() {
      // A polling worker's hub has no HTTP server (and no engine) to close.
      if (httpServer) await new Promise<void>((resolve) => io.close(() => resolve()));
      else io.disconnectSockets(true);
      await closeAdapter();
    },
  };
}
