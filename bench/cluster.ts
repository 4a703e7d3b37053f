// Cluster benchmark (`npm run bench -- --only cluster`): real Tandem processes
// as `npm start` runs them (`node --import tsx server/index.ts`, NODE_ENV
// production, the production build; no npm or tsx wrapper process, so each
// Tandem process's CPU is its own) with TANDEM_DEMO=0 and one TANDEM_SECRET,
// polling a simulated fleet (agents/sim, in processes of its own). Each part
// runs on a fresh bench database with the fleet seeded as bench/polling.ts seeds it:
// servers polled every 5 s over one SSH key, sealed with the key Tandem derives
// from the same TANDEM_SECRET. A socket.io client in this process (API token)
// watches the web node's fleet room, snapshot then deltas: a server is fresh
// while the newest sample that node shows of it is under 2 intervals old.
//
//  single, workers — polling capacity of one process (TANDEM_WORKERS=1) and of
//     TANDEM_WORKERS=2 (the web node and one forked polling worker), each at
//     --cluster-servers (default 20,000). After the connection ramp and a
//     warm-up, over a window: fresh share (mean and lowest, read every second),
//     polls per second written to HealthSample against servers / 5 s, CPU
//     seconds per second (/proc/<pid>/stat) and resident memory of each Tandem
//     process, beside the simulator's, PostgreSQL's and the whole machine's CPU.
//     A configuration that does not keep every server fresh steps down in place
//     (servers disabled in the database; the nodes drop them on their next
//     inventory reload, within 10 s), at most twice, each time to what its good
//     polls would keep at 95 % (between half and nine tenths of the step before):
//     the largest step kept fresh, for each, and their ratio.
//  workers, then — a dead worker: at the largest fleet kept fresh, kill -9 the
//     worker (the child of the web node with TANDEM_WORKER_INDEX=1 in its
//     environment); the supervisor starts it again. Time from the kill until
//     every server the worker held (its leases just before) shows the web node a
//     sample newer than the kill, against lease + one interval + its leases
//     claimed at the pace per tick (tick = lease / 3).
//  nodes — two full nodes (own ports, same database and secret) on
//     --cluster-latency-servers: --cluster-clients socket.io clients
//     (bench/fanout-clients.ts, 25 to a process, connecting at once) in node A's fleet room; latency from each row's
//     sample time to receipt, for the servers node B polls (relayed to A through
//     the PostgreSQL adapter) and for those A polls. Then kill -9 the leader that
//     GET /api/v1/cluster names, and GET /api/v1/cluster on the survivor every
//     100 ms until it names the survivor with a higher epoch, against lease + one tick.
//
// Every run uses TANDEM_LEASE_SECONDS=--cluster-lease (10, Tandem's default) and
// Tandem's default TANDEM_LEASE_PACE and TANDEM_SSH_CONNECTS unless --cluster-pace or --cluster-connects is given. At 20,000
// servers on 2 cores it all takes about 15 minutes: at the default pace the
// leases alone take 33 s to reach one node and 17 s to reach two, and a dead
// worker's servers about two minutes to come back (--cluster-parts runs fewer;
// --cluster-servers 2000 takes about 3 minutes). Each Tandem process logs to a
// file in a temp folder named on the first line; every process started here is
// killed (process groups) and every bench database dropped at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { io } from "socket.io-client";
import type { SimProcess } from "../agents/sim/sim-process";
import { createDb, type Db } from "../server/db/client";
import { createSecretBox, deriveKey } from "../server/crypto/secret-box";
import { FLEET_EVENTS, type TFleetDelta, type TFleetSnapshot } from "../server/fleet/fleet.types";
import type { TCluster } from "../server/cluster/cluster.types";
import { buildIsCurrent } from "../scripts/ensure-build";
import { loadConfig } from "../server/config";
import { benchDatabase } from "./bench-db";
import { benchToken, seedBenchFleet, startBenchFleet, startFanoutClients } from "./bench-fleet";
import type { Row } from "./report";

export const CLUSTER_PARTS = ["single", "workers", "nodes"] as const;
export type ClusterPart = (typeof CLUSTER_PARTS)[number];

export type ClusterBenchOptions = {
  servers: number;
  windowS: number;
  clients: number;
  latencyServers: number;
  leaseS: number;
  /** TANDEM_LEASE_PACE of every run (unset: Tandem's default). */
  pace?: number;
  /** TANDEM_SSH_CONNECTS of every process (unset: Tandem's default). */
  connects?: number;
  /** REDIS_URL for every node: the Redis streams adapter carries the relay instead of PostgreSQL. */
  redisUrl?: string;
  parts: ReadonlySet<ClusterPart>;
};

const ROOT = path.resolve(import.meta.dirname, "..");
const INTERVAL_MS = 5000;
const FRESH_MS = 2 * INTERVAL_MS;
/** TANDEM_LEASE_PACE's default (leases claimed or handed back per tick), as Tandem reads it. */
const DEFAULT_PACE = loadConfig({}).cluster.leasePace;
/** TANDEM_SSH_CONNECTS's default (SSH handshakes in flight per process). */
const DEFAULT_CONNECTS = loadConfig({}).sshConnects;
/**
 * Kept up: this share of the servers fresh at every second of the window, and
 * 95 % of the nominal poll rate (a stream runs at its interval plus the agent's
 * sampling time, and a window cuts jittered polls).
 */
const KEEPS_UP_FRESH = 0.999;
const KEEPS_UP_RATE = 0.95;
/** Steps down of the capacity search, at most. */
const MAX_STEPS = 2;
const SECRET = "cluster-benchmark-secret-cluster-benchmark-secret";
const CLK_TCK = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const progress = (line: string) => console.log(`  cluster: ${line}`);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

// ---- /proc ---------------------------------------------------------------------

type ProcSample = { cpuS: number; rssMB: number };

/** CPU seconds (user + system, every thread) and resident memory of one process. */
function procSample(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return { cpuS: (Number(f[11]) + Number(f[12])) / CLK_TCK, rssMB: rss ? Number(rss[1]) / 1024 : 0 };
  } catch {
    return null;
  }
}

/** Busy and total jiffies of the whole machine. */
function machineSample(): { busy: number; total: number } {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3]! - cpu[4]!, total };
}

/** Every process, with its parent and command name. */
function processes(): { pid: number; ppid: number; comm: string }[] {
  const out: { pid: number; ppid: number; comm: string }[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      out.push({ pid: Number(d), ppid: Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]), comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The polling worker a web node forked (TANDEM_WORKER_INDEX=1 in its environment), while it runs. */
function workerOf(webPid: number): number | null {
  for (const p of processes()) {
    if (p.ppid !== webPid) continue;
    try {
      if (readFileSync(`/proc/${p.pid}/environ`, "utf8").split("\0").includes("TANDEM_WORKER_INDEX=1")) return p.pid;
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** CPU seconds of every PostgreSQL process on this machine (other databases' work included), by pid. */
function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const p of processes()) if (p.comm === "postgres") out.set(p.pid, procSample(p.pid)?.cpuS ?? 0);
  return out;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

// ---- the harness ---------------------------------------------------------------

type TandemProc = { label: string; pid: number; url: string; log: string; child: ChildProcess; exited: Promise<void> };
type Watch = {
  /** How many of `ids` show a sample taken at or after `since`. */
  count(ids: readonly string[], since: number): number;
  /** The share of the enabled servers with a sample under 2 intervals old. */
  fresh(): number;
  close(): void;
};
type Measured = {
  n: number;
  freshMean: number;
  freshMin: number;
  okPollsPerS: number;
  cpu: { label: string; cores: number; rssMB: number }[];
  simCores: number;
  pgCores: number;
  machineBusy: number;
  keepsUp: boolean;
};
type Capacity = { first: Measured; best: Measured | null; rampS: number };
type Harness = ReturnType<typeof harness>;

function harness(o: ClusterBenchOptions, ctx: { db: Db; url: string; token: string; sim: SimProcess; allIds: string[]; logDir: string }) {
  const { db, token, sim } = ctx;
  const procs: TandemProc[] = [];
  let enabled: string[] = [];
  // Tandem's settings are all ours: none of the caller's TANDEM_* or database variables.
  const baseEnv: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(TANDEM_|DATABASE_URL$|PORT$|HOST$|REDIS_URL$|LOG_LEVEL$|NODE_ENV$)/.test(k)) baseEnv[k] = v;

  const h = {
    procs,
    get enabled(): readonly string[] {
      return enabled;
    },

    async startNode(label: string, workers: number): Promise<TandemProc> {
      const port = await freePort();
      const log = path.join(ctx.logDir, `${label}.log`);
      const fd = openSync(log, "a");
      // BENCH_CPU_PROF_DIR: each Tandem process (its workers too) writes a V8 CPU profile there when it stops cleanly.
      const prof = process.env.BENCH_CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
      const child = spawn(process.execPath, [...prof, "--import", "tsx", "server/index.ts"], {
        cwd: ROOT,
        detached: true, // a process group of its own, workers included: killed as one
        stdio: ["ignore", fd, fd],
        env: {
          ...baseEnv,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          DATABASE_URL: ctx.url,
          TANDEM_SECRET: SECRET,
          TANDEM_DEMO: "0",
          PORT: String(port),
          HOST: "127.0.0.1",
          TANDEM_WORKERS: String(workers),
          TANDEM_LEASE_SECONDS: String(o.leaseS),
          ...(o.pace ? { TANDEM_LEASE_PACE: String(o.pace) } : {}),
          ...(o.connects ? { TANDEM_SSH_CONNECTS: String(o.connects) } : {}),
          ...(o.redisUrl ? { REDIS_URL: o.redisUrl } : {}),
          LOG_LEVEL: "info",
        },
      });
      closeSync(fd);
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      const p: TandemProc = { label, pid: child.pid!, url: `http://127.0.0.1:${port}`, log, child, exited };
      if (prof.length) progress(`${label} is pid ${child.pid} (its profile: CPU.*.${child.pid}.0.*.cpuprofile)`);
      procs.push(p);
      return p;
    },

    /** SIGTERM to the web node (it stops its workers first, which hand their leases back), then SIGKILL to what is left of the group. */
    async stopNode(p: TandemProc): Promise<void> {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill("SIGTERM");
        await Promise.race([p.exited, sleep(30_000)]);
      }
      h.killGroup(p);
      procs.splice(procs.indexOf(p), 1);
    },

    killGroup(p: TandemProc): void {
      try {
        process.kill(-p.pid, "SIGKILL");
      } catch {
        // the group is gone
      }
    },

    async cluster(p: TandemProc): Promise<TCluster> {
      const r = await fetch(`${p.url}/api/v1/cluster`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
      if (!r.ok) throw new Error(`GET /api/v1/cluster on ${p.label}: ${r.status}`);
      return (await r.json()) as TCluster;
    },

    /**
     * The longest event-loop stall on a node since the last call (prom-client resets its event-loop
     * histogram at every scrape of GET /metrics), in ms; NaN when the node does not answer.
     */
    async loopLagMaxMs(p: TandemProc): Promise<number> {
      try {
        const r = await fetch(`${p.url}/metrics`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
        const m = /^nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? (\S+)$/m.exec(await r.text());
        return m ? Number(m[1]) * 1000 : NaN;
      } catch {
        return NaN;
      }
    },

    /** GET /api/v1/cluster, tried again for about 30 s: a loaded node may answer late. */
    async clusterRetrying(p: TandemProc): Promise<TCluster> {
      for (let i = 0; ; i++) {
        try {
          return await h.cluster(p);
        } catch (e) {
          if (i >= 10) throw e;
          await sleep(1000);
        }
      }
    },

    /** Until `p` answers GET /api/v1/cluster with every one of `pids` a live node. */
    async waitReady(p: TandemProc, pids: () => number[], timeoutMs = 120_000): Promise<void> {
      const start = Date.now();
      for (;;) {
        if (p.child.exitCode !== null) throw new Error(`${p.label} exited with ${p.child.exitCode}: see ${p.log}`);
        const want = pids();
        const c = await h.cluster(p).catch(() => null);
        if (c && want.every((pid) => c.nodes.some((n) => n.pid === pid && n.state === "live"))) return;
        if (Date.now() - start > timeoutMs) throw new Error(`${p.label} not ready after ${timeoutMs / 1000} s: see ${p.log}`);
        await sleep(500);
      }
    },

    /** The first `n` servers by name enabled, the others disabled and their leases dropped. */
    async setEnabled(n: number): Promise<void> {
      enabled = ctx.allIds.slice(0, n);
      await db.$executeRaw`UPDATE "Server" SET enabled = (id = ANY(${enabled}::uuid[]))`;
      await db.$executeRaw`DELETE FROM "ServerLease" l USING "Server" s WHERE s.id = l."serverId" AND NOT s.enabled`;
    },

    /** `p`'s view of the fleet: the newest sample time of each server, from its fleet room. */
    watchFleet(p: TandemProc): Watch {
      const last = new Map<string, number>();
      const s = io(p.url, { transports: ["websocket"], auth: { token }, reconnectionDelay: 500 });
      const subscribe = () => void s.emit("subscribe", { room: "fleet" }, () => undefined);
      s.on("connect", subscribe);
      s.on(FLEET_EVENTS.inventory, subscribe);
      const see = (id: string, at: number | null) => {
        if (at && at > (last.get(id) ?? 0)) last.set(id, at);
      };
      s.on(FLEET_EVENTS.snapshot, (snap: TFleetSnapshot) => snap.hosts.forEach((x) => see(x.id, x.lastSampleAt)));
      s.on(FLEET_EVENTS.delta, (d: TFleetDelta) => d.rows.forEach((r) => see(r[0], r[4])));
      const count = (ids: readonly string[], since: number) => ids.reduce((n, id) => n + ((last.get(id) ?? 0) >= since ? 1 : 0), 0);
      return {
        count,
        fresh: () => (enabled.length ? count(enabled, Date.now() - FRESH_MS) / enabled.length : 1),
        close: () => void s.close(),
      };
    },

    /**
     * Until the enabled servers are fresh, or the share stops growing for 20 s,
     * or `limitS` passes (a ramp that does not finish is measured as it is); the seconds waited.
     */
    async waitFresh(w: Watch, label: string, limitS: number): Promise<number> {
      const start = Date.now();
      let best = 0;
      let bestAt = start;
      for (let i = 1; ; i++) {
        await sleep(1000);
        const f = w.fresh();
        const s = (Date.now() - start) / 1000;
        if (f >= KEEPS_UP_FRESH) return s;
        if (f > best + 0.005) {
          best = f;
          bestAt = Date.now();
        }
        if (i % 10 === 0) progress(`${label}: ${pct(f)} of ${enabled.length} fresh after ${s.toFixed(0)} s`);
        if (s > limitS || Date.now() - bestAt > 20_000) {
          progress(`${label}: ${pct(f)} fresh after ${s.toFixed(0)} s, ${s > limitS ? "out of time" : "no longer growing"}: measuring as it is`);
          return s;
        }
      }
    },

    /** One window over the running Tandem processes `tandem` (label and pid). */
    async measure(w: Watch, tandem: () => { label: string; pid: number }[], windowS: number): Promise<Measured> {
      const before = tandem().map((t) => ({ ...t, s: procSample(t.pid) }));
      const sim0 = sim.pids.map((pid) => procSample(pid)?.cpuS ?? 0);
      const pg0 = postgresCpu();
      const m0 = machineSample();
      const from = new Date();
      const fresh: number[] = [];
      for (let i = 0; i < windowS; i++) {
        await sleep(1000);
        fresh.push(w.fresh());
      }
      const to = new Date();
      const el = (to.getTime() - from.getTime()) / 1000;
      const cpu = before.map((p) => {
        // A process that restarted in the window (its pid changed) is not counted.
        const s = procSample(p.pid);
        return { label: p.label, cores: s && p.s ? (s.cpuS - p.s.cpuS) / el : NaN, rssMB: s?.rssMB ?? NaN };
      });
      const simCores = sim.pids.reduce((a, pid, i) => a + (procSample(pid)?.cpuS ?? 0) - sim0[i]!, 0) / el;
      let pgS = 0;
      for (const [pid, s] of postgresCpu()) pgS += s - (pg0.get(pid) ?? 0); // a backend that ended meanwhile is not counted
      const m1 = machineSample();
      await sleep(2500); // the window's last samples reach the history table (flushed every second)
      const [c] = await db.$queryRaw<{ ok: number }[]>`
        SELECT count(*)::int AS ok FROM "HealthSample" WHERE at >= ${from} AND at < ${to} AND state IN ('UP', 'DEGRADED')`;
      const n = enabled.length;
      const freshMean = fresh.reduce((a, b) => a + b, 0) / fresh.length;
      const freshMin = Math.min(...fresh);
      const okPollsPerS = c!.ok / el;
      const m: Measured = {
        n,
        freshMean,
        freshMin,
        okPollsPerS,
        cpu,
        simCores,
        pgCores: pgS / el,
        machineBusy: (m1.busy - m0.busy) / (m1.total - m0.total),
        keepsUp: freshMin >= KEEPS_UP_FRESH && okPollsPerS >= ((n * 1000) / INTERVAL_MS) * KEEPS_UP_RATE,
      };
      progress(
        `  ${n} servers: fresh ${pct(freshMean)} mean, ${pct(freshMin)} lowest; ${okPollsPerS.toFixed(0)} good polls/s of ${(n * 1000) / INTERVAL_MS}; ` +
          `${cpu.map((p) => `${p.label} ${p.cores.toFixed(2)} cores ${p.rssMB.toFixed(0)} MB`).join(", ")}; simulator ${simCores.toFixed(2)}, PostgreSQL ${m.pgCores.toFixed(2)} cores; ` +
          `machine ${pct(m.machineBusy)} busy: ${m.keepsUp ? "keeps up" : "does NOT keep up"}`,
      );
      return m;
    },

    /**
     * Capacity of the running configuration: measured at the whole fleet, then
     * stepped down in place until it keeps up: each step to what the good polls
     * of the one before would keep at 95 %, between half and nine tenths of it.
     */
    async capacity(label: string, w: Watch, tandem: () => { label: string; pid: number }[], nodes: number): Promise<Capacity> {
      // The leases come at the pace per node and tick; the connections follow.
      const paceBoundS = (enabled.length / ((o.pace ?? DEFAULT_PACE) * nodes)) * (o.leaseS / 3);
      const rampS = await h.waitFresh(w, label, paceBoundS + 60);
      progress(`${label}: connection ramp ${rampS.toFixed(0)} s (the lease pace alone takes ${paceBoundS.toFixed(0)} s); warming up`);
      await sleep(5000);
      const first = await h.measure(w, tandem, o.windowS);
      let best = first.keepsUp ? first : null;
      for (let step = 0, last = first; !best && step < MAX_STEPS; step++) {
        const kept = (last.okPollsPerS * INTERVAL_MS) / 1000 / 0.95;
        const n = Math.floor(Math.min(0.9 * last.n, Math.max(0.5 * last.n, kept)) / 500) * 500;
        progress(`${label}: stepping down to ${n} servers`);
        await h.setEnabled(n);
        await sleep(11_000); // the nodes drop the others on their next inventory reload (every 10 s)
        await h.waitFresh(w, `${label} at ${n}`, 40);
        await sleep(5000);
        last = await h.measure(w, tandem, o.windowS);
        if (last.keepsUp) best = last;
      }
      return { first, best, rampS };
    },
  };
  return h;
}

// ---- the parts -----------------------------------------------------------------

function capacityRows(label: string, r: Capacity): Row[] {
  const f = r.first;
  const at = `at ${f.n}`;
  const tandemCores = f.cpu.reduce((a, c) => a + c.cores, 0);
  const rows: Row[] = [
    { figure: `${label}: servers fresh ${at}, mean (lowest ${pct(f.freshMin)})`, value: f.freshMean * 100, unit: "%", target: KEEPS_UP_FRESH * 100, better: "higher" },
    { figure: `${label}: good polls per second ${at}`, value: f.okPollsPerS, unit: "/s", target: ((f.n * 1000) / INTERVAL_MS) * KEEPS_UP_RATE, better: "higher" },
    ...f.cpu.map((c): Row => ({ figure: `${label}: CPU of the ${c.label} ${at} (${c.rssMB.toFixed(0)} MB resident)`, value: c.cores, unit: "cores", target: null, better: "lower" })),
    { figure: `${label}: Tandem CPU per good poll ${at}`, value: (tandemCores * 1000) / f.okPollsPerS, unit: "ms", target: null, better: "lower" },
    { figure: `${label}: simulator CPU ${at}`, value: f.simCores, unit: "cores", target: null, better: "lower" },
    { figure: `${label}: PostgreSQL CPU ${at} (every database)`, value: f.pgCores, unit: "cores", target: null, better: "lower" },
    { figure: `${label}: machine busy ${at} (2 cores)`, value: f.machineBusy * 100, unit: "%", target: null, better: "lower" },
    { figure: `${label}: connection ramp to ${pct(KEEPS_UP_FRESH)} fresh`, value: r.rampS, unit: "s", target: null, better: "lower" },
  ];
  const b = r.best;
  if (b && b !== f) {
    rows.push(
      { figure: `${label}: good polls per second at ${b.n} (kept fresh)`, value: b.okPollsPerS, unit: "/s", target: ((b.n * 1000) / INTERVAL_MS) * KEEPS_UP_RATE, better: "higher" },
      ...b.cpu.map((c): Row => ({ figure: `${label}: CPU of the ${c.label} at ${b.n} (${c.rssMB.toFixed(0)} MB resident)`, value: c.cores, unit: "cores", target: null, better: "lower" })),
      { figure: `${label}: machine busy at ${b.n}`, value: b.machineBusy * 100, unit: "%", target: null, better: "lower" },
    );
  }
  return rows;
}

async function singlePart(h: Harness, o: ClusterBenchOptions): Promise<Capacity> {
  await h.setEnabled(o.servers);
  progress(`1 node (TANDEM_WORKERS=1) at ${o.servers} servers: starting`);
  const node = await h.startNode("single", 1);
  await h.waitReady(node, () => [node.pid]);
  const watch = h.watchFleet(node);
  try {
    return await h.capacity("1 node", watch, () => [{ label: "node", pid: node.pid }], 1);
  } finally {
    watch.close();
    await h.stopNode(node);
  }
}

async function workersPart(h: Harness, o: ClusterBenchOptions, db: Db): Promise<{ capacity: Capacity; rows: Row[] }> {
  await h.setEnabled(o.servers);
  progress(`TANDEM_WORKERS=2 at ${o.servers} servers: starting`);
  const web = await h.startNode("workers2", 2);
  await h.waitReady(web, () => [web.pid, workerOf(web.pid) ?? -1]);
  const watch = h.watchFleet(web);
  try {
    const pair = () => [
      { label: "web node", pid: web.pid },
      { label: "worker", pid: workerOf(web.pid) ?? -1 },
    ];
    const capacity = await h.capacity("2 workers", watch, pair, 2);

    // A dead worker: the web node must show every one of its servers sampled again.
    const wpid = workerOf(web.pid);
    const wnode = (await h.clusterRetrying(web)).nodes.find((n) => n.pid === wpid && n.state === "live");
    if (!wpid || !wnode) throw new Error(`no live polling worker to kill (pid ${wpid})`);
    const held = (await db.$queryRaw<{ serverId: string }[]>`SELECT "serverId" FROM "ServerLease" WHERE "nodeId" = ${wnode.id}::uuid AND "expiresAt" > now()`).map((r) => r.serverId);
    const pace = o.pace ?? DEFAULT_PACE;
    const tickS = Math.max(200, Math.floor((o.leaseS * 1000) / 3)) / 1000;
    const ticks = Math.ceil(held.length / pace);
    const boundS = o.leaseS + INTERVAL_MS / 1000 + ticks * tickS;
    progress(`kill -9 the worker (pid ${wpid}), which holds ${held.length} leases`);
    const killedAt = Date.now();
    process.kill(wpid, "SIGKILL");
    let backS = NaN;
    let restartedS = NaN;
    for (let i = 1; ; i++) {
      await sleep(200);
      const s = (Date.now() - killedAt) / 1000;
      if (Number.isNaN(restartedS) && workerOf(web.pid)) restartedS = s;
      const back = watch.count(held, killedAt);
      if (back === held.length) {
        backS = s;
        break;
      }
      if (i % 50 === 0) progress(`  ${back} of ${held.length} fresh again after ${s.toFixed(0)} s`);
      if (s > Math.max(180, 2 * boundS)) {
        progress(`  only ${back} of ${held.length} fresh again after ${s.toFixed(0)} s: giving up`);
        break;
      }
    }
    const after = await h.clusterRetrying(web);
    const leases = after.nodes.filter((n) => n.state === "live").map((n) => `${n.kind} ${n.servers}`);
    progress(`the worker's ${held.length} servers fresh again after ${backS.toFixed(1)} s (bound ${boundS.toFixed(1)} s); worker started again after ${restartedS.toFixed(1)} s; leases now: ${leases.join(", ")}`);
    return {
      capacity,
      rows: [
        { figure: `dead worker's ${held.length} servers fresh again after kill -9 (bound: lease ${o.leaseS} s + 5 s + ${ticks} ticks of ${tickS.toFixed(2)} s)`, value: backS, unit: "s", target: boundS, better: "lower" },
        { figure: "killed worker started again by the supervisor after", value: restartedS, unit: "s", target: null, better: "lower" },
      ],
    };
  } finally {
    watch.close();
    await h.stopNode(web);
  }
}

async function nodesPart(h: Harness, o: ClusterBenchOptions, db: Db, token: string, n: number): Promise<Row[]> {
  await h.setEnabled(n);
  progress(`two full nodes at ${n} servers: starting`);
  const a = await h.startNode("full-a", 1);
  await h.waitReady(a, () => [a.pid]);
  const b = await h.startNode("full-b", 1);
  await h.waitReady(b, () => [a.pid, b.pid]);
  const watch = h.watchFleet(a);
  const rows: Row[] = [];
  try {
    // B claims its half at the pace while A hands it back.
    for (let i = 1; ; i++) {
      const nb = (await h.clusterRetrying(a)).nodes.find((x) => x.pid === b.pid)?.servers ?? 0;
      if (nb >= Math.floor(n / 2) - 1 || i > 180) break;
      if (i % 10 === 0) progress(`  node B holds ${nb} leases`);
      await sleep(1000);
    }
    await h.waitFresh(watch, "two full nodes", 120);
    await sleep(10_000);
    const idB = (await h.clusterRetrying(a)).nodes.find((x) => x.pid === b.pid)!.id;
    const remote = (await db.$queryRaw<{ serverId: string }[]>`SELECT "serverId" FROM "ServerLease" WHERE "nodeId" = ${idB}::uuid`).map((r) => r.serverId);
    progress(`${o.clients} clients join node A's fleet room at once; node B polls ${remote.length} of ${n}`);
    const clients = await startFanoutClients(a.url, token, o.clients);
    progress(`${o.clients} clients connected and had their fleet snapshot of ${n} servers after ${(clients.subscribedMs / 1000).toFixed(1)} s`);
    rows.push({ figure: `${o.clients} browsers connecting at once: all have the ${n}-server fleet snapshot after (their one process decodes each)`, value: clients.subscribedMs / 1000, unit: "s", target: null, better: "lower" });
    try {
      await sleep(5000);
      // The stall counters start here (a /metrics scrape reads and resets them); the rows recorded
      // start a second later, so that this scrape's own work is not in the latency figures.
      await Promise.all([h.loopLagMaxMs(a), h.loopLagMaxMs(b)]);
      await sleep(1000);
      clients.record(remote);
      // The clients' own processes too: 100 sockets decoding every delta share the machine with
      // the nodes, and a backlog in their processes is part of the latency measured.
      const tandem = () => [
        { label: "node A", pid: a.pid },
        { label: "node B", pid: b.pid },
        ...clients.pids.map((pid, k) => ({ label: `clients ${k + 1}`, pid })),
      ];
      const m = await h.measure(watch, tandem, o.windowS);
      const rep = await clients.report();
      const [lagA, lagB] = await Promise.all([h.loopLagMaxMs(a), h.loopLagMaxMs(b)]);
      const clientCpu = m.cpu.filter((p) => p.label.startsWith("clients ")).reduce((a, p) => a + p.cores, 0);
      progress(`longest event-loop stall in the window: node A ${lagA.toFixed(0)} ms, node B ${lagB.toFixed(0)} ms; the clients' processes: p99 ${rep.loopP99Ms.toFixed(0)} ms, longest ${rep.loopMaxMs.toFixed(0)} ms`);
      progress(`latency on node A: polled by A p50 ${rep.local.p50} / p99 ${rep.local.p99} ms (${rep.local.samples} rows), by B p50 ${rep.remote.p50} / p99 ${rep.remote.p99} ms (${rep.remote.samples} rows)`);
      rows.push(
        { figure: `poll-to-browser p50, polled by the same node (${o.clients} clients, ${n} servers on 2 nodes)`, value: rep.local.p50, unit: "ms", target: null, better: "lower" },
        { figure: "poll-to-browser p99, polled by the same node", value: rep.local.p99, unit: "ms", target: 500, better: "lower" },
        { figure: `poll-to-browser p50, polled by the other node (relayed through ${o.redisUrl ? "Redis" : "PostgreSQL"})`, value: rep.remote.p50, unit: "ms", target: null, better: "lower" },
        { figure: "poll-to-browser p99, polled by the other node (relayed)", value: rep.remote.p99, unit: "ms", target: 500, better: "lower" },
        { figure: "longest event-loop stall in the window, node A (the browsers' node)", value: lagA, unit: "ms", target: null, better: "lower" },
        { figure: "longest event-loop stall in the window, node B (the other node)", value: lagB, unit: "ms", target: null, better: "lower" },
        { figure: "longest event-loop stall in the window, the clients' processes (delays the receipt of each client in it)", value: rep.loopMaxMs, unit: "ms", target: null, better: "lower" },
        { figure: `CPU of the ${o.clients} socket.io clients (${clients.pids.length} processes)`, value: clientCpu, unit: "cores", target: null, better: "lower" },
        { figure: `two full nodes at ${n}: servers fresh, mean (lowest ${pct(m.freshMin)})`, value: m.freshMean * 100, unit: "%", target: KEEPS_UP_FRESH * 100, better: "higher" },
      );
    } finally {
      clients.stop();
    }
  } finally {
    watch.close();
  }

  // Leader takeover. Not while profiling: a node killed with -9 writes no profile, and the browsers' node is the one to read.
  if (process.env.BENCH_CPU_PROF_DIR) {
    progress("BENCH_CPU_PROF_DIR is set: no leader takeover, so that both nodes stop cleanly and write their profiles");
    for (const p of [a, b]) await h.stopNode(p);
    return rows;
  }
  const c = await h.clusterRetrying(a);
  const leader = c.nodes.find((x) => x.leader);
  if (!leader || !c.leader || (leader.pid !== a.pid && leader.pid !== b.pid)) throw new Error(`no leader of ours to kill (${JSON.stringify(c.leader)})`);
  const [dead, survivor] = leader.pid === a.pid ? [a, b] : [b, a];
  const survivorId = c.nodes.find((x) => x.pid === survivor.pid)!.id;
  progress(`kill -9 the leader, ${dead.label} (pid ${dead.pid}, epoch ${c.leader.epoch})`);
  const killedAt = Date.now();
  process.kill(dead.pid, "SIGKILL");
  let takeoverS = NaN;
  let epoch = NaN;
  while (Date.now() - killedAt < 4 * o.leaseS * 1000 + 10_000) {
    const now = await h.cluster(survivor).catch(() => null);
    if (now?.leader && now.leader.nodeId === survivorId && now.leader.epoch > c.leader.epoch) {
      takeoverS = (Date.now() - killedAt) / 1000;
      epoch = now.leader.epoch;
      break;
    }
    await sleep(100);
  }
  const tickS = Math.max(200, Math.floor((o.leaseS * 1000) / 3)) / 1000;
  progress(`${survivor.label} is leader with epoch ${epoch} after ${takeoverS.toFixed(2)} s`);
  rows.push({ figure: `leader takeover after kill -9 (bound: lease ${o.leaseS} s + one tick of ${tickS.toFixed(2)} s)`, value: takeoverS, unit: "s", target: o.leaseS + tickS, better: "lower" });
  for (const p of [a, b]) await h.stopNode(p);
  return rows;
}

// ---- the run -------------------------------------------------------------------

export async function runClusterBench(o: ClusterBenchOptions): Promise<Row[]> {
  if (!buildIsCurrent()) throw new Error("Tandem's production build is missing or older than its sources: run `npx tsx scripts/ensure-build.ts` first");
  const t0 = Date.now();
  const logDir = mkdtempSync(path.join(tmpdir(), "tandem-cluster-bench-"));
  console.log(
    `cluster: ${[...o.parts].join(", ")}; ${o.servers} simulated servers at ${INTERVAL_MS} ms; lease ${o.leaseS} s, pace ${o.pace ?? DEFAULT_PACE}; ${o.connects ?? DEFAULT_CONNECTS} SSH handshakes at once per process; ${o.redisUrl ? "Redis streams" : "PostgreSQL"} adapter; ${o.windowS} s windows; Tandem logs in ${logDir}`,
  );
  let sim: SimProcess | undefined;
  // Interrupted (Ctrl-C, a kill): the Tandem process groups, the simulator and the bench database go
  // with us; the detached groups would otherwise keep polling 20,000 hosts on an orphaned database.
  let live: { h?: Harness; drop?: () => Promise<void> } = {};
  let stopping = false;
  const interrupted = (signal: string) => {
    // Ctrl-C reaches us twice (the terminal's process group, and tsx passing it on): once is enough.
    if (stopping) return;
    stopping = true;
    console.error(`cluster: ${signal}, stopping Tandem, the simulator and the bench database`);
    for (const p of live.h?.procs ?? []) live.h!.killGroup(p);
    void Promise.allSettled([sim?.stop(), live.drop?.()]).finally(() => process.exit(130));
  };
  const onInt = () => interrupted("SIGINT");
  const onTerm = () => interrupted("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  try {
    // A simulator process holds a socket per host and per connection: at most 7,000 hosts each, under a 20,000 open-files limit.
    const fleet = await startBenchFleet({ hosts: o.servers, shards: Math.ceil(o.servers / 7000), port: 2623, credential: "key" });
    sim = fleet.sim;
    progress(`simulated fleet of ${o.servers} up (${sim.pids.length} simulator processes) after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const box = createSecretBox(deriveKey(SECRET));
    // Each part on a fresh database with the fleet seeded: no part runs on what an earlier one left (history, bloat, leases).
    const onFreshDatabase = async <T>(run: (h: Harness, db: Db, token: string) => Promise<T>): Promise<T> => {
      const bdb = await benchDatabase();
      const db = createDb(bdb.url, { max: 4 });
      let h: Harness | undefined;
      live = { drop: () => bdb.drop() };
      try {
        await seedBenchFleet(db, box, sim!, fleet.key, INTERVAL_MS);
        const token = await benchToken(db);
        const allIds = (await db.server.findMany({ select: { id: true }, orderBy: { name: "asc" } })).map((x) => x.id);
        h = harness(o, { db, url: bdb.url, token, sim: sim!, allIds, logDir });
        live.h = h;
        return await run(h, db, token);
      } finally {
        live = {};
        for (const p of h?.procs ?? []) h!.killGroup(p);
        await db.$disconnect();
        await bdb.drop();
      }
    };

    const rows: Row[] = [];
    const one = o.parts.has("single") ? await onFreshDatabase((h) => singlePart(h, o)) : null;
    if (one) rows.push(...capacityRows("1 node", one));
    const two = o.parts.has("workers") ? await onFreshDatabase((h, db) => workersPart(h, o, db)) : null;
    if (two) rows.push(...capacityRows("2 workers", two.capacity));
    // The largest fleet kept fresh (at least that much when the whole fleet was).
    const largest = (c: Capacity) => c.best?.n ?? NaN;
    const atLeast = (c: Capacity) => (c.best === c.first ? ", the whole fleet: at least" : "");
    if (one) rows.push({ figure: `largest fleet kept fresh at 5 s, 1 node (of the steps tried${atLeast(one)})`, value: largest(one), unit: "srv", target: null, better: "higher" });
    if (two) rows.push({ figure: `largest fleet kept fresh at 5 s, TANDEM_WORKERS=2 (of the steps tried${atLeast(two.capacity)})`, value: largest(two.capacity), unit: "srv", target: o.servers, better: "higher" });
    // One process keeping the whole fleet leaves the ratio unknown.
    if (one && two && one.best !== one.first) rows.push({ figure: "TANDEM_WORKERS=2 over 1 node, largest fleet kept fresh", value: largest(two.capacity) / largest(one), unit: "x", target: 2, better: "higher" });
    if (two) rows.push(...two.rows);
    if (o.parts.has("nodes")) rows.push(...(await onFreshDatabase((h, db, token) => nodesPart(h, o, db, token, Math.min(o.latencyServers, o.servers)))));
    progress(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return rows;
  } finally {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
    await sim?.stop();
  }
}
