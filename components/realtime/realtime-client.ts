// One socket.io connection per tab, and the rooms this tab wants to be in.
// The server forgets rooms when a connection drops, so every reconnect joins
// them again (and each join sends a fresh snapshot). Rooms are reference
// counted: two views of the fleet share one subscription.
import { io, type Socket } from "socket.io-client";

export type ConnectionStatus = "idle" | "connecting" | "live" | "reconnecting";
export type RoomError = { code: string; message: string };
export type RoomStatus = { phase: "joining" | "live" | "error"; error: RoomError | null };
type Reply = { ok: true } | { ok: false; error: RoomError };
type Handler = (payload: unknown) => void;

type RoomEntry = { refs: number; status: RoomStatus; attempt: number; token: number; retry: ReturnType<typeof setTimeout> | undefined };

const ACK_TIMEOUT_MS = 10_000;
/** Errors a retry will not fix. */
const FINAL_CODES = new Set(["NOT_FOUND", "VALIDATION", "FORBIDDEN"]);
const JOINING: RoomStatus = { phase: "joining", error: null };
const LIVE: RoomStatus = { phase: "live", error: null };

export type RealtimeOptions = {
  /** The session ended: the socket server refused it. */
  onUnauthenticated: () => void;
  /** Tests pass their own socket. */
  createSocket?: () => Socket;
};

export class RealtimeClient {
  private socket: Socket | null = null;
  private started = false;
  private status: ConnectionStatus = "idle";
  private readonly statusListeners = new Set<() => void>();
  private readonly rooms = new Map<string, RoomEntry>();
  private readonly roomListeners = new Set<() => void>();
  private readonly handlers = new Map<string, Set<Handler>>();
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private refusals = 0;

  constructor(private readonly opts: RealtimeOptions) {}

  /** The provider is mounted: connect as soon as some view wants a room. */
  start(): void {
    this.started = true;
    if (this.rooms.size > 0) this.ensureSocket();
  }

  /** The provider is unmounted: drop the connection; rooms stay wanted until released. */
  stop(): void {
    this.started = false;
    clearTimeout(this.reconnectTimer);
    for (const entry of this.rooms.values()) clearTimeout(entry.retry);
    this.socket?.removeAllListeners();
    this.socket?.offAny();
    this.socket?.disconnect();
    this.socket = null;
    this.setStatus("idle");
  }

  getStatus = (): ConnectionStatus => this.status;

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  getRoomStatus(room: string): RoomStatus | undefined {
    return this.rooms.get(room)?.status;
  }

  subscribeRooms = (listener: () => void): (() => void) => {
    this.roomListeners.add(listener);
    return () => this.roomListeners.delete(listener);
  };

  /** Listens to a server event (whatever room it belongs to). */
  on(event: string, handler: Handler): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(event);
    };
  }

  /** Wants a room until the returned function is called. */
  join(room: string): () => void {
    let entry = this.rooms.get(room);
    if (entry) {
      entry.refs++;
    } else {
      entry = { refs: 1, status: JOINING, attempt: 0, token: 0, retry: undefined };
      this.rooms.set(room, entry);
      this.notifyRooms();
      if (this.started) this.ensureSocket();
      if (this.socket?.connected) this.subscribe(room);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(room);
    };
  }

  /** Asks for a fresh snapshot of a room (after a missed delta or an inventory change). */
  resync(room: string): void {
    const entry = this.rooms.get(room);
    if (!entry || !this.socket?.connected) return;
    clearTimeout(entry.retry);
    this.setRoomStatus(room, JOINING);
    this.subscribe(room);
  }

  private release(room: string): void {
    const entry = this.rooms.get(room);
    if (!entry) return;
    if (--entry.refs > 0) return;
    clearTimeout(entry.retry);
    this.rooms.delete(room);
    this.notifyRooms();
    if (this.socket?.connected) this.socket.emit("unsubscribe", { room });
  }

  private ensureSocket(): void {
    if (this.socket) return;
    const s =
      this.opts.createSocket?.() ??
      io({
        path: "/socket.io",
        // WebSocket first; long polling only where a proxy blocks it.
        transports: ["websocket", "polling"],
        autoConnect: false,
        reconnectionDelay: 1000,
        reconnectionDelayMax: 10_000,
      });
    this.socket = s;
    s.onAny((event: string, payload: unknown) => {
      const set = this.handlers.get(event);
      if (set) for (const h of [...set]) h(payload);
    });
    s.on("connect", () => {
      this.refusals = 0;
      this.setStatus("live");
      for (const room of this.rooms.keys()) this.subscribe(room);
    });
    s.on("disconnect", (reason) => {
      this.setStatus("reconnecting");
      for (const [room, entry] of this.rooms) {
        clearTimeout(entry.retry);
        if (entry.status.phase !== "error") this.setRoomStatus(room, JOINING);
      }
      // The server hung up on purpose (its session ended, for one): socket.io
      // does not come back by itself. Trying again tells which it was.
      if (reason === "io server disconnect") this.reconnectLater();
    });
    s.on("connect_error", (err: Error) => {
      if (err.message === "UNAUTHENTICATED") {
        this.opts.onUnauthenticated();
        return;
      }
      this.setStatus(this.status === "live" || this.status === "reconnecting" ? "reconnecting" : "connecting");
      // A refusal by the server's middleware (not a network error) is not retried by socket.io.
      if (!s.active) this.reconnectLater();
    });
    this.setStatus("connecting");
    s.connect();
  }

  private reconnectLater(): void {
    clearTimeout(this.reconnectTimer);
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(this.refusals++, 5));
    this.reconnectTimer = setTimeout(() => {
      if (this.socket && !this.socket.connected) this.socket.connect();
    }, delay);
  }

  private subscribe(room: string): void {
    const entry = this.rooms.get(room);
    const s = this.socket;
    if (!entry || !s?.connected) return;
    const token = ++entry.token;
    const current = () => this.rooms.get(room) === entry && entry.token === token;
    s.timeout(ACK_TIMEOUT_MS)
      .emitWithAck("subscribe", { room })
      .then((reply: Reply) => {
        if (!current()) return;
        if (reply.ok) {
          entry.attempt = 0;
          this.setRoomStatus(room, LIVE);
        } else if (FINAL_CODES.has(reply.error.code)) {
          this.setRoomStatus(room, { phase: "error", error: reply.error });
        } else {
          this.retry(room, entry);
        }
      })
      .catch(() => {
        // No answer in time (or the connection dropped: the reconnect subscribes again).
        if (current() && this.socket?.connected) this.retry(room, entry);
      });
  }

  private retry(room: string, entry: RoomEntry): void {
    clearTimeout(entry.retry);
    this.setRoomStatus(room, JOINING);
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(entry.attempt++, 5));
    entry.retry = setTimeout(() => this.subscribe(room), delay);
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const l of [...this.statusListeners]) l();
  }

  private setRoomStatus(room: string, status: RoomStatus): void {
    const entry = this.rooms.get(room);
    if (!entry || entry.status === status) return;
    entry.status = status;
    this.notifyRooms();
  }

  private notifyRooms(): void {
    for (const l of [...this.roomListeners]) l();
  }
}
