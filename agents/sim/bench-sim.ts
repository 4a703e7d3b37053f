// What the simulator costs, measured from outside: a fleet in its own process,
// one persistent ssh2 connection per host from this process, then execs and
// streams. Prints the sim's CPU per answered exec, per stream line, per
// handshake, and its memory per idle connection.
//
//   tsx agents/sim/bench-sim.ts [--hosts 2000] [--rate 2000] [--seconds 10] [--shards 1] [--port 2222]
//
// Above about 9,000 hosts use --shards 2: each host holds a listening socket and
// one per connection, and a 20,000 open-files limit is common in containers.
import { parseArgs } from "node:util";
import type ssh2 from "ssh2";
import { runAgentCommand } from "../../server/agent/agent-command";
import { connectSim, execSim, type SimClient } from "./sim-client";
import { startSimProcess } from "./sim-process";
import type { SimStats } from "./sim-types";

const { values } = parseArgs({
  options: {
    hosts: { type: "string", default: "2000" },
    rate: { type: "string", default: "2000" },
    seconds: { type: "string", default: "10" },
    shards: { type: "string", default: "1" },
    port: { type: "string", default: "2222" },
  },
});
const hosts = Number(values.hosts);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const shards = Number(values.shards);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuMs = (s: SimStats) => s.cpuUserMs + s.cpuSystemMs;
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

const sim = await startSimProcess({ hosts, shards, port: Number(values.port), preinstalled: true, openFiles: Math.ceil((hosts * 2) / shards) + 1024 });
try {
  await sleep(500);
  global.gc?.();
  const idle = await sim.stats();
  console.log(`sim: ${hosts} hosts in ${shards} process(es), rss ${mb(idle.rssBytes)} MB, heap ${mb(idle.heapUsedBytes)} MB before connections`);

  const clients: SimClient[] = [];
  const t0 = performance.now();
  const targets = sim.manifest.hosts;
  for (let i = 0; i < targets.length; i += 200) {
    clients.push(...(await Promise.all(targets.slice(i, i + 200).map((h) => connectSim({ ...h, password: h.password }, { timeoutMs: 30_000 })))));
  }
  const connected = await sim.stats();
  console.log(
    `connect: ${clients.length} connections in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
      `sim CPU ${((cpuMs(connected) - cpuMs(idle)) / clients.length).toFixed(2)} ms per handshake`,
  );
  await sleep(2000);
  const settled = await sim.stats();
  console.log(
    `idle connections: sim rss +${((settled.rssBytes - idle.rssBytes) / clients.length / 1024).toFixed(1)} KB, ` +
      `heap +${((settled.heapUsedBytes - idle.heapUsedBytes) / clients.length / 1024).toFixed(1)} KB per connection`,
  );

  // Exec per poll at a fixed rate, round-robin over the connections.
  let done = 0;
  let failed = 0;
  let inflight = 0;
  const before = await sim.stats();
  const start = performance.now();
  const end = start + seconds * 1000;
  let next = 0;
  const lat: number[] = [];
  while (performance.now() < end) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (next < due && inflight < 2000) {
      const c = clients[next++ % clients.length]!;
      inflight++;
      execSim(c, runAgentCommand(), { timeoutMs: 10_000 })
        .then((r) => (r.code === 0 ? (done++, lat.push(r.ms)) : failed++))
        .catch(() => failed++)
        .finally(() => inflight--);
    }
    await sleep(5);
  }
  while (inflight > 0) await sleep(10);
  const after = await sim.stats();
  const execs = after.execs - before.execs;
  lat.sort((a, b) => a - b);
  console.log(
    `exec: ${(done / seconds).toFixed(0)}/s answered (${failed} failed), p50 ${lat[Math.floor(lat.length / 2)]?.toFixed(1)} ms, ` +
      `p99 ${lat[Math.floor(lat.length * 0.99)]?.toFixed(1)} ms; sim CPU ${((1000 * (cpuMs(after) - cpuMs(before))) / execs).toFixed(0)} µs per exec, ` +
      `${((100 * (cpuMs(after) - cpuMs(before))) / (seconds * 1000)).toFixed(0)}% of a core`,
  );

  // One stream per connection at 1 s.
  const streams: ssh2.ClientChannel[] = [];
  let lines = 0;
  for (const c of clients) {
    c.client.exec(runAgentCommand({ intervalSec: 1 }), (err, ch) => {
      if (err) return;
      streams.push(ch);
      ch.on("data", (d: Buffer) => {
        for (const b of d) if (b === 10) lines++;
      });
    });
  }
  await sleep(2000);
  const s0 = await sim.stats();
  const l0 = lines;
  await sleep(seconds * 1000);
  const s1 = await sim.stats();
  const streamLines = s1.streamLines - s0.streamLines;
  console.log(
    `stream: ${((lines - l0) / seconds).toFixed(0)} lines/s received; sim CPU ${((1000 * (cpuMs(s1) - cpuMs(s0))) / streamLines).toFixed(0)} µs per line, ` +
      `${((100 * (cpuMs(s1) - cpuMs(s0))) / (seconds * 1000)).toFixed(0)}% of a core`,
  );
  for (const ch of streams) ch.close();
  for (const c of clients) c.end();
} finally {
  await sim.stop();
}
