// `npm run bench`: every benchmark, figures beside their targets.
//   npm run bench -- --servers 10000 --interval 5000 --clients 100 --window 30   (polling)
//   npm run bench -- --only failover --runs 20 [--intervals 1000,250] [--scenarios out-of-band,crashed,haproxy]
//   npm run bench -- --only rollout --runs 20 [--scenarios plan]
//   npm run bench -- --only peers [--tandem-runs 1] [--vrrp-runs 5] [--fleet 20] [--forks 4,8,20] [--repeats 3] [--poll-window 20]   (root; the real-host lab)
//   npm run bench -- --only cluster [--cluster-servers 20000] [--cluster-window 20] [--cluster-clients 100] [--cluster-latency-servers 10000]
//       [--cluster-lease 10] [--cluster-pace 2000] [--cluster-connects 32] [--cluster-parts single,workers,nodes]
//       [--cluster-redis redis://127.0.0.1:6379]   (the relay through the Redis streams adapter instead of PostgreSQL)
//     (real Tandem processes from the production build: 1 node vs TANDEM_WORKERS=2, a killed worker, latency across two nodes, leader takeover)
//   npm run bench -- --only evacuation [--evac-groups 500] [--evac-pools 50] [--evac-parallelism 4,32] [--evac-runs 1] [--evac-interval 5000]
//     (site-a evacuated and returned per parallelism bound over the simulator: total RTO, per-group p50/p95, the bound honoured;
//     about 4 minutes; 4,16,64 about 6 to 9 on the shared 2-core machine)
// --only polling|failover|rollout|peers|cluster|evacuation runs one; by default polling, failover, then rollout (peers needs root and the lab,
// cluster about 15 minutes at 20,000 servers, evacuation about 4: only when asked).
import { parseArgs } from "node:util";
import { printTable } from "./report";

const PEERS_OPTIONS = ["tandem-runs", "vrrp-runs", "fleet", "forks", "repeats", "poll-window"] as const;
const CLUSTER_OPTIONS = ["cluster-servers", "cluster-window", "cluster-clients", "cluster-latency-servers", "cluster-lease", "cluster-pace", "cluster-connects", "cluster-parts", "cluster-redis"] as const;
const EVACUATION_OPTIONS = ["evac-groups", "evac-pools", "evac-parallelism", "evac-runs", "evac-interval"] as const;
const EXTRA_OPTIONS = [...PEERS_OPTIONS, ...CLUSTER_OPTIONS, ...EVACUATION_OPTIONS];
const OWN = new Set(["--only", "--runs", "--intervals", "--scenarios", ...EXTRA_OPTIONS.map((o) => `--${o}`)]);
const { values } = parseArgs({
  strict: false,
  options: {
    only: { type: "string" },
    runs: { type: "string", default: "20" },
    intervals: { type: "string", default: "1000,250" },
    scenarios: { type: "string" },
    ...Object.fromEntries(EXTRA_OPTIONS.map((o) => [o, { type: "string" as const }])),
  },
});
const only = values.only;
if (only !== undefined && !["polling", "failover", "rollout", "peers", "cluster", "evacuation"].includes(only as string)) {
  console.error(`--only must be polling, failover, rollout, peers, cluster or evacuation, got ${JSON.stringify(only)}`);
  process.exit(2);
}
const runs = Number(values.runs);
// polling.ts parses process.argv strictly when it loads: hand it only its own options.
const argv: string[] = [];
for (let i = 0; i < process.argv.length; i++) {
  const a = process.argv[i]!;
  const name = a.split("=")[0]!;
  if (i >= 2 && OWN.has(name)) {
    if (!a.includes("=")) i++;
    continue;
  }
  argv.push(a);
}
process.argv = argv;

try {
  if (only === undefined || only === "polling") {
    const { runPollingBench } = await import("./polling");
    printTable("Polling (issue 3 targets)", await runPollingBench());
  }
  // --scenarios names the failover scenarios, or the rollout ones with --only rollout.
  const named = typeof values.scenarios === "string" ? values.scenarios.split(",") : undefined;
  const pick = <S extends string>(known: readonly S[], given: string[] | undefined, option = "--scenarios"): S[] => {
    const unknown = (given ?? []).filter((x) => !(known as readonly string[]).includes(x));
    if (unknown.length) throw new Error(`${option}: unknown ${unknown.join(", ")} (known: ${known.join(", ")})`);
    return (given ?? [...known]) as S[];
  };
  if (only === undefined || only === "failover") {
    const { runFailoverBench, SCENARIOS } = await import("./failover");
    const scenarios = pick(SCENARIOS, named);
    const intervals = String(values.intervals).split(",").map(Number);
    if (intervals.some((n) => !Number.isFinite(n) || n < 100)) throw new Error(`--intervals must be poll intervals in ms (at least 100), got ${String(values.intervals)}`);
    printTable(
      "Automatic failover (issue 13 targets: p50 ≤ 2 s at 1 s polls, sub-second the goal at 250 ms; death → new primary verified serving)",
      await runFailoverBench({ runs, intervals, scenarios }),
    );
  }
  if (only === undefined || only === "rollout") {
    const { runRolloutBench, SCENARIOS } = await import("./rollout");
    const scenarios = pick(SCENARIOS, only === "rollout" ? named : undefined);
    printTable("Rollouts (issue 13 targets: a plan for 10,000 servers in ≤ 1 s; no group ever below its minimum)", await runRolloutBench({ runs, scenarios }));
  }
  const num = (name: (typeof EXTRA_OPTIONS)[number], fallback: number) => {
    const v = values[name] === undefined ? fallback : Number(values[name]);
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive whole number, got ${String(values[name])}`);
    return v;
  };
  if (only === "cluster") {
    const { runClusterBench, CLUSTER_PARTS } = await import("./cluster");
    const parts = pick(CLUSTER_PARTS, typeof values["cluster-parts"] === "string" ? values["cluster-parts"].split(",") : undefined, "--cluster-parts");
    const rows = await runClusterBench({
      parts: new Set(parts),
      pace: values["cluster-pace"] === undefined ? undefined : num("cluster-pace", 500),
      connects: values["cluster-connects"] === undefined ? undefined : num("cluster-connects", 32),
      servers: num("cluster-servers", 20_000),
      windowS: num("cluster-window", 20),
      clients: num("cluster-clients", 100),
      latencyServers: num("cluster-latency-servers", 10_000),
      leaseS: num("cluster-lease", 10),
      redisUrl: typeof values["cluster-redis"] === "string" ? values["cluster-redis"] : undefined,
    });
    printTable(
      "Cluster (targets: 20,000 servers fresh at 5 s with TANDEM_WORKERS=2 on 2 cores; a dead node's servers back within lease + interval + paced claims; a new leader within lease + tick; poll-to-browser p99 ≤ 500 ms across nodes)",
      rows,
    );
  }
  if (only === "evacuation") {
    const { runEvacuationBench } = await import("./evacuation");
    const parallelism = typeof values["evac-parallelism"] === "string" ? values["evac-parallelism"].split(",").map(Number) : undefined;
    const groups = num("evac-groups", 500);
    const rows = await runEvacuationBench({
      groups,
      pools: num("evac-pools", Math.max(1, Math.round(groups / 10))),
      parallelism,
      runs: num("evac-runs", 1),
      intervalMs: num("evac-interval", 5000),
    });
    printTable("Site evacuation (issue 17: total RTO, per-group p50/p95; the most groups moving at once never above the bound, checked)", rows);
  }
  if (only === "peers") {
    const { runPeersBench } = await import("./peers");
    const forks = typeof values.forks === "string" ? values.forks.split(",").map(Number) : undefined;
    if (forks?.some((f) => !Number.isInteger(f) || f < 1)) throw new Error(`--forks must be Ansible fork counts, got ${String(values.forks)}`);
    const t0 = Date.now();
    const report = await runPeersBench({
      tandemRuns: num("tandem-runs", 1),
      vrrpRuns: num("vrrp-runs", 5),
      fleet: num("fleet", 20),
      forks,
      repeats: num("repeats", 3),
      windowS: num("poll-window", 20),
      pollIntervalMs: 1000,
      limitMinutes: 20,
    });
    if (report) {
      for (const t of report.tables) printTable(t.title, t.rows);
      console.log("");
      for (const n of report.notes) console.log(`  ${n}`);
      console.log(`\npeers: ${((Date.now() - t0) / 1000).toFixed(0)} s in all`);
      if (report.failed.length) {
        for (const f of report.failed) console.error(`peers: FAILED: ${f}`);
        process.exit(1);
      }
    }
  }
} catch (e) {
  console.error(e);
  process.exit(1);
}
process.exit(0);
