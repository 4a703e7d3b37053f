// The socket.io hub: every connection is authenticated (session cookie or API
// token) and origin-checked; clients join rooms per resource and get batched
// deltas (the fleet, a host, a group, an operation: filled in by later features).
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

const ZRoom = z.string().regex(/^(fleet|(host|group|operation):[0-9a-f-]{36})$/, "must be fleet, host:<id>, group:<id> or operation:<id>");
const ZSubscribe = z.object({ room: ZRoom });

export type Hub = {
  io: Server;
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

  io.on("connection", (socket) => {
    const p = socket.data.principal as Principal;
    void socket.join(`user:${p.userId}`);
    if (p.sessionId) void socket.join(`session:${p.sessionId}`);

    socket.on("whoami", (ack: unknown) => {
      if (typeof ack === "function") ack({ ok: true, user: { id: p.userId, email: p.email, role: p.role } } satisfies Reply<{ user: object }>);
    });

    for (const [event, apply] of [
      ["subscribe", (room: string) => socket.join(room)],
      ["unsubscribe", (room: string) => socket.leave(room)],
    ] as const) {
      socket.on(event, async (payload: unknown, ack: unknown) => {
        const reply = typeof ack === "function" ? (ack as (r: Reply) => void) : () => undefined;
        const r = ZSubscribe.safeParse(payload);
        if (!r.success) return reply(replyError(validationError(r.error, "payload")));
        await apply(r.data.room);
        reply({ ok: true });
      });
    }
  });

  return {
    io,
    endSessions({ userId, sessionId }) {
      io.in(sessionId ? `session:${sessionId}` : `user:${userId}`).disconnectSockets(true);
    },
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
