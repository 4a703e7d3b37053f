// The socket.io hub: every connection is authenticated (session cookie or API
// token) and origin-checked; clients join rooms per resource and get batched
// deltas (the fleet, the open alerts, a host, a group, an operation).
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
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
};
export type RoomKind = "fleet" | "alerts" | "host" | "group" | "operation";

export type Hub = {
  io: Server;
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

export function createHub(httpServer: HttpServer, rt: Pick<Runtime, "db" | "config" | "log">): Hub {
  const io = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    // Leave other upgrade requests (Next's dev HMR) to their own handler.
    destroyUpgrade: false,
    maxHttpBufferSize: 64 * 1024,
  });

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
    setRoomProvider: (kind, provider) => void providers.set(kind, provider),
    roomSize: (room) => io.sockets.adapter.rooms.get(room)?.size ?? 0,
    endSessions({ userId, sessionId }) {
      io.in(sessionId ? `session:${sessionId}` : `user:${userId}`).disconnectSockets(true);
    },
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
