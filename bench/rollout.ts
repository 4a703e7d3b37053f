// Rollout benchmark (issue 13: a plan for 10,000 servers in ≤ 1 s; no group
// ever below its minimum). One scenario per entry of SCENARIOS, each a
// function returning its figures:
//
//   plan   the planner alone over a generated fleet: 10,000 servers in 2,000
//          groups (ACTIVE_PASSIVE pairs and triples, ACTIVE_ACTIVE pools of
//          4-8, some hosts in two pools, ~2 % down, some in a window or
//          drained), ramp [1, "5%", "10%"]; time to plan (median of the runs),
//          what it planned, and the invariant checked on the plan
//
//   run    a real rollout over 1,000 simulated servers (a separate simulator
//          process, SSH on loopback, the real monitoring service, operations
//          engine and rollout driver): pg pairs switched over and patched
//          standby first, web pools of 8 (minimum 6), each host drained,
//          patched (the default apt/dnf command the simulator recognises),
//          rebooted where the kernel changed, health-gated and re-enabled.
//          Prints the wall time, Tandem's CPU per host over what polling alone
//          costs (the engine's overhead), and the proof: every group's
//          redundancy sampled every poll interval, never below its minimum.
import { parseArgs } from "node:util";
import { planRollout } from "../server/rollouts/plan-rollout";
import { plannerInput, planViolations, randomFleet } from "../server/rollouts/plan-fixtures";
import type { TBatchSize } from "../server/rollouts/rollouts.types";
import { printTable, type Row } from "./report";
import { benchRun } from "./rollout-run";

export const SCENARIOS = ["plan", "run"] as const;
export type Scenario = (typeof SCENARIOS)[number];
export type RolloutBenchOptions = { runs?: number; scenarios?: Scenario[]; servers?: number; groups?: number };

const RUNNERS: Record<Scenario, (o: Required<RolloutBenchOptions>) => Promise<Row[]>> = { plan: benchPlan, run: (o) => benchRun(o) };

/** The planner's reasons, by kind, for the summary line. */
const KINDS: [RegExp, string][] = [
  [/^up to date/, "up to date"],
  [/^host is /, "unreachable"],
  [/^would take/, "would break a group"],
  [/already BROKEN/, "group already broken"],
  [/no standby/, "primary without a standby ready"],
  [/^fenced/, "fenced"],
  [/^circular/, "circular switchover"],
  [/reboot policy/, "reboot only, policy never"],
];

const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};

async function benchPlan(o: Required<RolloutBenchOptions>): Promise<Row[]> {
  const ramp: TBatchSize[] = [1, "5%", "10%"];
  const fleet = randomFleet({ servers: o.servers, groups: o.groups, seed: 13 });
  // Six hours of window, half an hour a batch: the last batches fall after the cutoff.
  const window = { id: "0190a3c4-0000-7000-8000-0000000000ff", title: "bench", endsAt: new Date("2030-01-08T04:00:00Z"), cutoffMs: 30 * 60_000 };
  const input = plannerInput(fleet, { batches: ramp, window, estimatedHostMs: 30 * 60_000 });
  const members = fleet.groups.reduce((n, g) => n + g.members.length, 0);
  const inTwo = [...new Set(fleet.groups.flatMap((g) => g.members.map((m) => m.serverId)))].length;
  console.log(`rollout plan: ${fleet.servers.size} servers, ${fleet.groups.length} groups (${members} memberships, ${members - inTwo} hosts in a second group), ramp ${JSON.stringify(ramp)}, ${o.runs} runs after a warm-up`);
  let plan = planRollout(input);
  const times: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    const t = performance.now();
    plan = planRollout(input);
    times.push(performance.now() - t);
  }
  const violations = planViolations(input, plan);
  if (violations.length) throw new Error(`the plan breaks its invariant ${violations.length} times:\n  ${violations.slice(0, 10).join("\n  ")}`);
  const why = new Map<string, number>();
  for (const u of plan.unschedulable) {
    const kind = KINDS.find(([re]) => re.test(u.reason))?.[1] ?? u.reason;
    why.set(kind, (why.get(kind) ?? 0) + 1);
  }
  console.log(`  unschedulable: ${[...why].map(([k, n]) => `${n} ${k}`).join(", ")}`);
  console.log(`  warnings: ${plan.warnings.join(" | ")}`);
  const groupsAtRisk = new Set(plan.batches.flatMap((b) => b.groups.filter((g) => g.during === "AT_RISK").map((g) => g.groupId))).size;
  return [
    { figure: "plan: time to plan 10,000 servers (median)", value: median(times), unit: "ms", target: 1000, better: "lower" },
    { figure: "plan: slowest run", value: Math.max(...times), unit: "ms", target: null, better: "lower" },
    { figure: "plan: batches", value: plan.batches.length, unit: "", target: null, better: "lower" },
    { figure: "plan: hosts scheduled", value: plan.scheduled, unit: "", target: null, better: "higher" },
    { figure: "plan: hosts unschedulable", value: plan.unschedulable.length, unit: "", target: null, better: "lower" },
    { figure: "plan: groups AT_RISK in some batch", value: groupsAtRisk, unit: "", target: null, better: "lower" },
    { figure: "plan: batches after the window cutoff", value: plan.batches.filter((b) => b.afterCutoff).length, unit: "", target: null, better: "lower" },
    { figure: "plan: plan as JSON", value: JSON.stringify(plan).length / 1024, unit: "kB", target: null, better: "lower" },
    { figure: "plan: invariant violations (group below its minimum, host twice or lost)", value: violations.length, unit: "", target: null, better: "lower" },
  ];
}

export async function runRolloutBench(opts: RolloutBenchOptions = {}): Promise<Row[]> {
  const o: Required<RolloutBenchOptions> = { runs: opts.runs ?? 20, scenarios: opts.scenarios ?? [...SCENARIOS], servers: opts.servers ?? 10_000, groups: opts.groups ?? 2_000 };
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error(`--runs must be a positive integer, got ${o.runs}`);
  const rows: Row[] = [];
  for (const s of o.scenarios) rows.push(...(await RUNNERS[s](o)));
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "20" }, scenarios: { type: "string", default: SCENARIOS.join(",") } } });
  runRolloutBench({ runs: Number(values.runs), scenarios: values.scenarios.split(",") as Scenario[] }).then(
    (rows) => {
      printTable("Rollouts", rows);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
