// `npm run lab` (root): real hosts in network namespaces, a real PostgreSQL
// primary and streaming standby, a web pool, HAProxy in front, Tandem outside
// the namespaces against them with its hooks and a fence device doing the real
// thing, and traffic through HAProxy counting every request. Each scenario
// injects a fault, checks what Tandem did against its expectation, and reports
// what clients saw: RTO, failed requests, acknowledged writes lost.
//   npm run lab [-- --scenarios link-cut,tandem-cut-off] [--keep]
import { parseArgs } from "node:util";
import { labPrerequisites, startLabSession, type LabSession, type Row } from "./lab-session";
import { SCENARIOS } from "./scenarios";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { scenarios: { type: "string" }, keep: { type: "boolean", default: false } } });
  const why = labPrerequisites();
  if (why) {
    console.error(`lab: ${why}`);
    return 2;
  }
  const names = values.scenarios?.split(",");
  const unknown = names?.filter((n) => !SCENARIOS.some((s) => s.name === n)) ?? [];
  if (unknown.length) {
    console.error(`lab: unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
    return 2;
  }
  const scenarios = names ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;

  const t0 = Date.now();
  const say = (line: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  let session: LabSession | undefined;
  process.once("SIGINT", () => void session?.stop().finally(() => process.exit(130)));
  session = await startLabSession({ say });
  try {
    const rows: Row[] = [];
    for (const s of scenarios) {
      const row = await session.runScenario(s);
      rows.push(row);
      say(`${row.passed ? "PASS" : "FAIL"} ${s.name}: ${row.outcome}${row.failures.length ? ` — ${row.failures.join("; ")}` : ""}`);
    }
    printTable(rows);
    const passed = rows.filter((r) => r.passed).length;
    console.log(`lab: scenarios=${rows.length} passed=${passed} failed=${rows.length - passed}`);
    return passed === rows.length ? 0 : 1;
  } finally {
    await session.stop({ keep: values.keep });
  }
}

function printTable(rows: Row[]): void {
  const ms = (v: number | null) => (v === null ? "-" : `${(v / 1000).toFixed(2)} s`);
  const table = rows.map((r) => ({
    scenario: r.name,
    result: r.passed ? "pass" : "FAIL",
    "RTO (clients)": ms(r.rtoMs),
    "RTO (Tandem)": ms(r.tandemRtoMs),
    "failed writes": `${r.failedWrites}/${r.writes}`,
    "failed reads": r.failedReads,
    "acked writes lost": r.lostWrites ?? "-",
  }));
  console.table(table);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`lab: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
