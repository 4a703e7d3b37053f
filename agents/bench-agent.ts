// How long one agent run takes on this machine, as sshd would start it
// (`sh agent.sh ...`, no login shell), plus the processes it starts.
//
//   tsx agents/bench-agent.ts [--runs 200] [--agent path/to/other-agent.sh]
//
// Each figure is the mean of a shell loop, so Node's own spawn cost is not in it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { agentPath } from "../server/agent/agent-command";

const AGENT_PATH = agentPath();

const { values } = parseArgs({ options: { runs: { type: "string", default: "200" }, agent: { type: "string", multiple: true } } });
const runs = Number(values.runs);
const agents = [AGENT_PATH, ...(values.agent ?? [])];

const tmp = mkdtempSync(path.join(tmpdir(), "tandem-agent-bench-"));
// A fresh updates cache: no run starts the background package-manager check.
writeFileSync(path.join(tmp, "updates"), `at=${Math.floor(Date.now() / 1000)}\npending=0\nsecurity=0\nsource=apt\n`);
const env = { ...process.env, TANDEM_AGENT_CACHE: tmp };

const variants: [string, string][] = [
  ["plain", ""],
  ["2 services + lag probe", "--service sshd --service cron --lag-cmd 'echo 0.5'"],
];

function meanMs(agent: string, args: string): number {
  const script = `i=0; s=$(date +%s%N); while [ $i -lt ${runs} ]; do sh '${agent}' ${args} >/dev/null 2>&1; i=$((i+1)); done; e=$(date +%s%N); echo $(( (e - s) / ${runs} ))`;
  return Number(execFileSync("sh", ["-c", script], { env, encoding: "utf8" }).trim()) / 1e6;
}

/** Processes the run starts (forks), counted by strace when it is installed. */
function forks(agent: string, args: string): number | null {
  if (!existsSync("/usr/bin/strace")) return null;
  const out = execFileSync("sh", ["-c", `strace -f -c -e trace=fork,vfork,clone,clone3 -o /dev/stdout sh '${agent}' ${args} 2>/dev/null | awk '$NF == "total" { print $4 }'`], { env, encoding: "utf8" });
  return Number(out.trim()) || 0;
}

try {
  for (const agent of agents) {
    console.log(agent);
    for (const [label, args] of variants) {
      meanMs(agent, args); // warm the page cache
      const n = forks(agent, args);
      console.log(`  ${label.padEnd(24)} ${meanMs(agent, args).toFixed(1).padStart(6)} ms/run${n === null ? "" : `, ${n} processes started`}   (target: well under 100 ms)`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
