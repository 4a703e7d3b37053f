// Child process for the polling and cluster benchmarks: socket.io clients in the
// fleet room, measuring poll-to-browser latency (delta arrival time minus the
// poll time each row carries). Started with fork() by startFanoutClients, which
// spreads the clients over several such processes (browsers do not share one
// event loop); reports over IPC. Latencies are kept as a histogram of whole
// milliseconds, so that the parent can merge its children's. A "record" message
// may name `remote` servers (polled by another node of a cluster): their
// latencies are then also kept apart from the others'.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import type { TFleetDelta } from "../server/fleet/fleet.types";

/** Latency in whole ms -> how many rows arrived that late. */
export type LatencyHistogram = Record<number, number>;
export type FanoutReport = {
  all: LatencyHistogram;
  local: LatencyHistogram;
  remote: LatencyHistogram;
  deltas: number;
  clients: number;
  /** Bytes of the deltas the first client of this process received. */
  bytes: number;
  loopP99Ms: number;
  loopMaxMs: number;
};

const [url, token, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 100);
let hist = { all: new Map<number, number>(), local: new Map<number, number>(), remote: new Map<number, number>() };
let remote: Set<string> | null = null;
let deltas = 0;
let bytes = 0;
let recording = false;
const sockets: Socket[] = [];
// This process's own event-loop delay while recording: a stall here delays the receipt of every
// client in it at once, so the report says how much of the tail is the measuring side's.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const add = (h: Map<number, number>, ms: number) => h.set(ms, (h.get(ms) ?? 0) + 1);

// All at once, as browsers reconnect after a node restart: their subscriptions share snapshots.
async function main() {
  const t0 = Date.now();
  await Promise.all(Array.from({ length: count }, (_, i) => connectOne(i)));
  process.send?.({ type: "ready", clients: sockets.length, subscribedMs: Date.now() - t0 });
}

async function connectOne(i: number) {
  const s = io(url!, { transports: ["websocket"], auth: { token }, reconnection: false });
  sockets.push(s);
  s.on("fleet:delta", (d: TFleetDelta) => {
    const now = Date.now();
    deltas++;
    if (!recording) return;
    // Each client sees the same rows; sample every client, every row with a fresh poll time.
    for (const r of d.rows) {
      if (!r[4]) continue;
      const ms = Math.max(0, Math.round(now - r[4]));
      add(hist.all, ms);
      if (remote) add(remote.has(r[0]) ? hist.remote : hist.local, ms);
    }
    if (i === 0) bytes += JSON.stringify(d).length;
  });
  await new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", reject);
  });
  const r = (await s.emitWithAck("subscribe", { room: "fleet" })) as { ok: boolean };
  if (!r.ok) throw new Error("subscribe refused");
}

process.on("message", (m: { type: string; remote?: string[] }) => {
  if (m.type === "record") {
    hist = { all: new Map(), local: new Map(), remote: new Map() };
    remote = m.remote ? new Set(m.remote) : null;
    bytes = 0;
    deltas = 0;
    recording = true;
    loopDelay.reset();
    loopDelay.enable();
  } else if (m.type === "report") {
    recording = false;
    loopDelay.disable();
    const report: FanoutReport = {
      all: Object.fromEntries(hist.all),
      local: Object.fromEntries(hist.local),
      remote: Object.fromEntries(hist.remote),
      deltas,
      clients: sockets.length,
      bytes,
      loopP99Ms: loopDelay.percentile(99) / 1e6,
      loopMaxMs: loopDelay.max / 1e6,
    };
    process.send?.({ type: "report", ...report });
  } else if (m.type === "stop") {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});

main().catch((e) => {
  process.send?.({ type: "error", message: String(e) });
  process.exit(1);
});
