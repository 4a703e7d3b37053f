// `npm test`: unit, integration (real PostgreSQL) and end-to-end (Playwright in
// Chromium against the production build), then one summary line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = mkdtempSync(path.join(tmpdir(), "tandem-test-"));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
type Count = { passed: number; failed: number; skipped: number };
const totals: Count = { passed: 0, failed: 0, skipped: 0 };
const failedStages: string[] = [];

function run(stage: string, cmd: string, args: string[], extraEnv: Record<string, string> = {}): number {
  console.log(`\n=== ${stage} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  const code = r.status ?? 1;
  if (code !== 0) failedStages.push(stage);
  return code;
}

function addVitest(file: string) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
}

function addPlaywright(file: string) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  totals.passed += r.stats.expected + r.stats.flaky;
  totals.failed += r.stats.unexpected;
  totals.skipped += r.stats.skipped;
}

const vitest = (project: string) => {
  const json = path.join(out, `${project}.json`);
  run(`${project} tests`, "npx", ["vitest", "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${json}`]);
  addVitest(json);
};

vitest("unit");
vitest("integration");
if (run("production build", "npx", ["tsx", "scripts/ensure-build.ts"]) === 0) {
  // Three real Tandem processes on one database: needs the build.
  vitest("cluster");
  const json = path.join(out, "e2e.json");
  run("end-to-end tests", "npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: json });
  addPlaywright(json);
}

console.log(failedStages.length ? `\nFailed stages: ${failedStages.join(", ")}` : "\nAll stages passed.");
// The plain closing line CI reads.
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(failedStages.length ? 1 : 0);
