// Child process for the polling and cluster benchmarks: N socket.io clients in the fleet
// room, measuring poll-to-browser latency (delta arrival time minus the poll
// time each row carries). Started with fork(); reports over IPC. A "record"
// message may name `remote` servers (polled by another node of a cluster):
// their latencies are then also reported apart from the others'.
import { io, type Socket } from "socket.io-client";
import type { TFleetDelta } from "../server/fleet/fleet.types";

const [url, token, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 100);
const latencies: number[] = [];
// With a `remote` set: [others, remote] latencies besides the overall ones.
let split: { remote: Set<string>; lat: [number[], number[]] } | null = null;
let deltas = 0;
let bytes = 0;
let recording = false;
const sockets: Socket[] = [];

async function main() {
  for (let i = 0; i < count; i++) {
    const s = io(url!, { transports: ["websocket"], auth: { token }, reconnection: false });
    sockets.push(s);
    s.on(("fleet:delta"), (d: TFleetDelta) => {
      const now = Date.now();
      deltas++;
      if (!recording) return;
      // Each client sees the same rows; sample every client, every row with a fresh poll time.
      for (const r of d.rows) {
        if (!r[4]) continue;
        latencies.push(now - r[4]);
        split?.lat[split.remote.has(r[0]) ? 1 : 0].push(now - r[4]);
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
  process.send?.({ type: "ready", clients: sockets.length });
}

function percentiles(values: number[]) {
  const sorted = Float64Array.from(values).sort();
  const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
  return { samples: sorted.length, p50: pct(50), p90: pct(90), p99: pct(99), max: pct(100) };
}

process.on("message", (m: { type: string; remote?: string[] }) => {
  if (m.type === "record") {
    latencies.length = 0;
    split = m.remote ? { remote: new Set(m.remote), lat: [[], []] } : null;
    bytes = 0;
    deltas = 0;
    recording = true;
  } else if (m.type === "report") {
    recording = false;
    const byOwner = split ? { local: percentiles(split.lat[0]), remote: percentiles(split.lat[1]) } : {};
    process.send?.({ type: "report", ...percentiles(latencies), ...byOwner, deltasPerClient: deltas / sockets.length, bytesPerClient: bytes });
  } else if (m.type === "stop") {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});

main().catch((e) => {
  process.send?.({ type: "error", message: String(e) });
  process.exit(1);
});
