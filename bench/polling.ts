// Polling benchmark: one Tandem monitoring service (poller, health, history,
// broadcast) polls a simulated fleet over SSH on loopback; N socket.io clients
// watch the fleet room from another process; the simulator runs in its own
// process(es). Prints CPU per poll, polls per second, poll-to-browser latency
// and storage per server per day, each beside its target.
import { createServer } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import type { SimProcess } from "../agents/sim/sim-process";
import { createDb } from "../server/db/client";
import { createSecretBox, deriveKey } from "../server/crypto/secret-box";
import { createHub } from "../server/realtime/hub";
import { createMonitoring } from "../server/monitoring/monitoring-service";
import { createAlertManager } from "../server/alerts/alert-manager";
import { createAlertSources } from "../server/alerts/alert-sources";
import { createLogger } from "../server/lib/logger";
import { loadConfig } from "../server/config";
import { rollUpRecent } from "../server/history/rollups";
import { benchDatabase } from "./bench-db";
import { benchToken, seedBenchFleet, startBenchFleet, startFanoutClients } from "./bench-fleet";
import { printTable, type Row } from "./report";

const { values: a } = parseArgs({
  options: {
    servers: { type: "string", default: "10000" },
    interval: { type: "string", default: "5000" },
    clients: { type: "string", default: "100" },
    window: { type: "string", default: "30" },
    credential: { type: "string", default: "key" },
  },
});
const N = Number(a.servers);
const intervalMs = Number(a.interval);
const clientsN = Number(a.clients);
const windowS = Number(a.window);
const log = createLogger({ level: "warn" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
/** Resident set size after a full collection, so garbage waiting to be collected does not count. */
function settledRss(): number {
  gc();
  gc();
  return process.memoryUsage().rss;
}

export async function runPollingBench(): Promise<Row[]> {
  console.log(`polling: ${N} simulated servers at ${intervalMs} ms, ${clientsN} socket.io clients, ${windowS} s window`);
  const bdb = await benchDatabase();
  const db = createDb(bdb.url, { max: 10 });
  const box = createSecretBox(deriveKey("benchmark-secret-benchmark-secret"));
  const http = createServer();
  const stops: (() => Promise<unknown>)[] = [];
  let sim: SimProcess | undefined;
  try {
    // Its own port, away from a demo or a test fleet that may run on this machine.
    const fleet = await startBenchFleet({ hosts: N, shards: N > 5000 ? 2 : 1, port: 2622, credential: a.credential === "key" ? "key" : "password" });
    sim = fleet.sim;
    await seedBenchFleet(db, box, sim, fleet.key, intervalMs);
    const rt = { db, config: loadConfig({ NODE_ENV: "production" }), log };
    const hub = createHub(http, rt);
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    const token = await benchToken(db);

    const clients = await startFanoutClients(url, token, clientsN);
    stops.push(async () => clients.stop());

    // Resident memory before any server is polled: the growth over it, per server, is what each one costs.
    const rss0 = settledRss();
    const monitoring = createMonitoring({ db, secretBox: box, hub, log, maxConcurrentConnects: 64, reloadEveryMs: 600_000 });
    // Alert rules are judged on every poll in production: the figures include them.
    const alerts = createAlertManager({ db, log, emit: (room, event, payload) => void hub.io.to(room).emit(event, payload) });
    const alertSources = createAlertSources({ db, manager: alerts, health: monitoring.engine, log });
    let polls = 0;
    monitoring.engine.on("sampled", () => polls++);
    const t0 = Date.now();
    await monitoring.start();
    stops.unshift(() => monitoring.stop());
    await alerts.start();
    await alertSources.start();
    stops.unshift(async () => {
      await alertSources.stop();
      await alerts.stop();
    });
    const up = () => { let n = 0; for (const h of monitoring.engine.hosts.values()) if (h.state === "UP" || h.state === "DEGRADED") n++; return n; };
    while (up() < N && Date.now() - t0 < 600_000) await sleep(1000);
    const rampS = (Date.now() - t0) / 1000;
    console.log(`  all ${up()}/${N} servers answering after ${rampS.toFixed(1)} s (connection ramp)`);
    await sleep(Math.max(10_000, intervalMs * 2)); // settle

    const rss1 = settledRss();
    const heap = process.memoryUsage();
    console.log(`  resident ${(rss0 / 1e6).toFixed(0)} MB before polling, ${(rss1 / 1e6).toFixed(0)} MB polling ${N} servers (heap used ${(heap.heapUsed / 1e6).toFixed(0)} of ${(heap.heapTotal / 1e6).toFixed(0)} MB, external ${(heap.external / 1e6).toFixed(0)} MB, array buffers ${(heap.arrayBuffers / 1e6).toFixed(0)} MB)`);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    clients.record();
    const cpu0 = process.cpuUsage();
    const p0 = polls;
    const w0 = performance.now();
    await sleep(windowS * 1000);
    const cpu = process.cpuUsage(cpu0);
    const done = polls - p0;
    const elapsed = (performance.now() - w0) / 1000;
    const lat = await clients.report();
    loop.disable();
    const simStats = await sim.stats();

    await rollUpRecent(db, new Date(), { minutes: 2, hours: 1 });
    const size = async (table: string) => {
      const [r] = await db.$queryRawUnsafe<{ bytes: bigint; rows: bigint }[]>(
        `SELECT coalesce(sum(pg_total_relation_size(i.inhrelid)), 0)::bigint AS bytes, (SELECT count(*) FROM "${table}")::bigint AS rows FROM pg_inherits i WHERE i.inhparent = '"${table}"'::regclass`,
      );
      return { bytes: Number(r!.bytes), rows: Number(r!.rows) };
    };
    const raw = await size("HealthSample");
    const minute = await size("HealthRollupMinute");
    const perDay = 86_400_000 / intervalMs;
    const rawPerServerDay = (raw.bytes / raw.rows) * perDay;
    // Index pages are allocated ahead, so small tables overstate bytes per row; it is an upper bound here.
    const minutePerServerDay = minute.rows ? (minute.bytes / minute.rows) * 1440 : NaN;

    const cpuPerPollMs = (cpu.user + cpu.system) / 1000 / done;
    const pollsPerS = done / elapsed;
    const cores = (cpu.user + cpu.system) / 1e6 / elapsed;
    return [
      // Polls are jittered across the interval; 98 % of the nominal rate over a window is keeping up.
      { figure: "polls per second (one process)", value: pollsPerS, unit: "/s", target: ((N * 1000) / intervalMs) * 0.98, better: "higher" },
      { figure: "Tandem CPU per poll (SSH+parse+health+alert rules+storage+broadcast)", value: cpuPerPollMs, unit: "ms", target: 0.5, better: "lower" },
      { figure: "Tandem CPU use", value: cores, unit: "cores", target: null, better: "lower" },
      { figure: "simulator CPU per answered line", value: (simStats.cpuUserMs + simStats.cpuSystemMs) / Math.max(1, simStats.streamLines + simStats.execs), unit: "ms", target: null, better: "lower" },
      { figure: "event loop delay p99", value: loop.percentile(99) / 1e6, unit: "ms", target: null, better: "lower" },
      { figure: `poll-to-browser latency p50 (${clientsN} clients)`, value: lat.p50, unit: "ms", target: null, better: "lower" },
      { figure: `poll-to-browser latency p99 (${clientsN} clients)`, value: lat.p99, unit: "ms", target: 500, better: "lower" },
      { figure: "fleet deltas per client per second", value: lat.deltasPerClient / windowS, unit: "/s", target: null, better: "lower" },
      { figure: "fleet delta bytes per client per second", value: lat.bytesPerClient / windowS, unit: "B/s", target: null, better: "lower" },
      { figure: `raw samples per server per day (at ${intervalMs / 1000} s)`, value: rawPerServerDay / 1e6, unit: "MB", target: null, better: "lower" },
      { figure: "minute rollups per server per day", value: minutePerServerDay / 1e3, unit: "kB", target: null, better: "lower" },
      { figure: "connection ramp to all servers answering", value: rampS, unit: "s", target: null, better: "lower" },
      { figure: "resident memory per polled server (growth over an empty process)", value: (rss1 - rss0) / N / 1e3, unit: "kB", target: 50, better: "lower" },
    ];
  } finally {
    for (const s of stops) await s().catch(() => undefined);
    http.close();
    await sim?.stop();
    await db.$disconnect();
    await bdb.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runPollingBench().then(
    (rows) => {
      printTable("Polling", rows);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
