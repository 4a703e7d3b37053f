// `npm run bench`: every benchmark, figures beside their targets.
//   npm run bench -- --servers 10000 --interval 5000 --clients 100 --window 30   (polling)
//   npm run bench -- --only failover --runs 20 [--intervals 1000,250] [--scenarios out-of-band,crashed,haproxy]
// --only polling|failover runs one; by default polling runs, then failover.
import { parseArgs } from "node:util";
import { printTable } from "./report";

const OWN = new Set(["--only", "--runs", "--intervals", "--scenarios"]);
const { values } = parseArgs({
  strict: false,
  options: { only: { type: "string" }, runs: { type: "string", default: "20" }, intervals: { type: "string", default: "1000,250" }, scenarios: { type: "string" } },
});
const only = values.only;
if (only !== undefined && only !== "polling" && only !== "failover") {
  console.error(`--only must be polling or failover, got ${JSON.stringify(only)}`);
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
  if (only === undefined || only === "failover") {
    const { runFailoverBench, SCENARIOS } = await import("./failover");
    const scenarios = typeof values.scenarios === "string" ? values.scenarios.split(",") : [...SCENARIOS];
    const unknown = scenarios.filter((x) => !(SCENARIOS as readonly string[]).includes(x));
    if (unknown.length) throw new Error(`--scenarios: unknown ${unknown.join(", ")} (known: ${SCENARIOS.join(", ")})`);
    const intervals = String(values.intervals).split(",").map(Number);
    if (intervals.some((n) => !Number.isFinite(n) || n < 100)) throw new Error(`--intervals must be poll intervals in ms (at least 100), got ${String(values.intervals)}`);
    printTable(
      "Automatic failover (issue 13 targets: p50 ≤ 2 s at 1 s polls, sub-second the goal at 250 ms; death → new primary verified serving)",
      await runFailoverBench({ runs, intervals, scenarios: scenarios as (typeof SCENARIOS)[number][] }),
    );
  }
} catch (e) {
  console.error(e);
  process.exit(1);
}
process.exit(0);
