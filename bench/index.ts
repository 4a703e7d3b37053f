// `npm run bench`: every benchmark, figures beside their targets.
//   npm run bench -- --servers 10000 --interval 5000 --clients 100 --window 30   (polling)
//   npm run bench -- --only failover --runs 20                                    (automatic failover)
// --only polling|failover runs one; by default polling runs, then failover.
import { parseArgs } from "node:util";
import { printTable } from "./report";

const OWN = new Set(["--only", "--runs"]);
const { values } = parseArgs({ strict: false, options: { only: { type: "string" }, runs: { type: "string", default: "20" } } });
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
    const { runFailoverBench } = await import("./failover");
    printTable("Automatic failover (issue 4 targets; death → new primary verified serving)", await runFailoverBench({ runs }));
  }
} catch (e) {
  console.error(e);
  process.exit(1);
}
process.exit(0);
