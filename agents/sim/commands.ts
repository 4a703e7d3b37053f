// The commands a virtual host understands: exactly the ones Tandem sends
// (server/agent/agent-command.ts), recognised from those same templates so the
// two cannot drift, plus the peer probe. Anything else is "command not found".
import { agentScript, installAgentCommand, runAgentCommand } from "../../server/agent/agent-command";

export type AgentInvocation = { services: string[]; lagCmd: string | null; intervalSec: number | null; count: number | null };

export type SimCommand =
  | { kind: "install"; hash: string }
  | { kind: "run"; hash: string; agent: AgentInvocation }
  | { kind: "piped"; agent: AgentInvocation }
  | { kind: "probe"; address: string; port: number }
  /** Runbook hooks for the demo and tests (server/failover/run-hook.ts wraps them in `env ... sh -c`). */
  | { kind: "sim"; action: "role"; role: "primary" | "standby"; dryRun?: boolean }
  | { kind: "sim"; action: "fence" | "check"; dryRun?: boolean }
  /** The agent would refuse its arguments: exit 2 with this message. */
  | { kind: "bad-args"; message: string }
  | { kind: "unknown"; program: string };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A template with its hash turned into a capture that every occurrence must repeat. */
function templateRe(template: string, hash: string): string {
  const [first, ...rest] = escapeRe(template).split(hash);
  return first + (rest.length ? "(?<hash>[0-9a-f]{8,64})" + rest.join("\\k<hash>") : "");
}

let patterns: { install: RegExp; run: RegExp } | undefined;
function commandPatterns() {
  if (!patterns) {
    const { hash } = agentScript();
    patterns = {
      install: new RegExp(`^${templateRe(installAgentCommand(), hash)}$`),
      run: new RegExp(`^${templateRe(runAgentCommand(), hash)}(?: (?<args>.*))?$`, "s"),
    };
  }
  return patterns;
}

const PIPED = /^sh -s(?: -- (?<args>.*))?$/s;
const PROBE = /^tandem-probe (?<address>[0-9.]{7,15}) (?<port>\d{1,5})$/;

/** POSIX shell words for what Tandem generates: bare words, '...' and \x. Anything fancier is refused. */
export function shellWords(s: string): string[] | null {
  const words: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === " " || c === "\t") {
      if (cur !== null) words.push(cur);
      cur = null;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) return null;
      cur = (cur ?? "") + s.slice(i + 1, end);
      i = end;
    } else if (c === "\\") {
      if (i + 1 >= s.length) return null;
      cur = (cur ?? "") + s[++i];
    } else if (/[;&|<>()$`"*?[\]{}~#\n]/.test(c)) {
      return null;
    } else {
      cur = (cur ?? "") + c;
    }
  }
  if (cur !== null) words.push(cur);
  return words;
}

/** The agent's own argument rules (agents/tandem-agent.sh). */
export function parseAgentArgs(argText: string | undefined): AgentInvocation | { error: string } {
  const words = shellWords(argText ?? "");
  if (!words) return { error: "tandem-agent: unsupported shell syntax in arguments" };
  const inv: AgentInvocation = { services: [], lagCmd: null, intervalSec: null, count: null };
  for (let i = 0; i < words.length; i += 2) {
    const opt = words[i]!;
    const val = words[i + 1];
    switch (opt) {
      case "--service":
        if (!val || val.startsWith("-") || !/^[A-Za-z0-9@._-]+$/.test(val)) return { error: "tandem-agent: invalid service name" };
        inv.services.push(val);
        break;
      case "--lag-cmd":
        if (val === undefined) return { error: "tandem-agent: --lag-cmd needs a command" };
        inv.lagCmd = val;
        break;
      case "--interval":
      case "--count":
        if (!val || !/^\d+$/.test(val) || Number(val) === 0) return { error: `tandem-agent: invalid ${opt.slice(2)}` };
        if (opt === "--interval") inv.intervalSec = Number(val);
        else inv.count = Number(val);
        break;
      default:
        return { error: `tandem-agent: unknown option ${opt}` };
    }
  }
  return inv;
}

export function parseCommand(command: string): SimCommand {
  const { install, run } = commandPatterns();
  let m = install.exec(command);
  if (m) return { kind: "install", hash: m.groups!.hash! };
  m = run.exec(command);
  if (m) {
    const agent = parseAgentArgs(m.groups!.args);
    return "error" in agent ? { kind: "bad-args", message: agent.error } : { kind: "run", hash: m.groups!.hash!, agent };
  }
  m = PIPED.exec(command);
  if (m) {
    const agent = parseAgentArgs(m.groups!.args);
    return "error" in agent ? { kind: "bad-args", message: agent.error } : { kind: "piped", agent };
  }
  m = PROBE.exec(command);
  if (m) return { kind: "probe", address: m.groups!.address!, port: Number(m.groups!.port) };
  const hook = parseHookCommand(command);
  if (hook) return hook;
  return { kind: "unknown", program: programOf(command) };
}

/** The program a shell would fail to find: for a hook (`env ... sh -c '<hook>'`), the hook's own first word. */
function programOf(command: string): string {
  const words = shellWords(command);
  if (words?.[0] === "env") {
    const i = words.findIndex((w) => w === "sh");
    const inner = words[i + 2];
    if (i > 0 && words[i + 1] === "-c" && inner) return programOf(inner);
  }
  return command.trim().split(/\s+/)[0]?.slice(0, 64) || "sh";
}

const ENV_ASSIGNMENT = /^[A-Z][A-Z0-9_]{0,63}=/;

/**
 * `tandem-sim role <primary|standby>`, `tandem-sim fence`, `tandem-sim check`, bare or
 * as the hook runner sends them: `env NAME=value... sh -c '<hook>'`.
 */
export function parseHookCommand(command: string): SimCommand | null {
  const words = shellWords(command);
  if (!words) return null;
  if (words[0] === "env") {
    let i = 1;
    while (i < words.length && ENV_ASSIGNMENT.test(words[i]!)) i++;
    if (words[i] !== "sh" || words[i + 1] !== "-c" || words.length !== i + 3) return null;
    const inner = parseHookCommand(words[i + 2]!);
    // A drill's dry run sets TANDEM_DRY_RUN=1: the hook checks it could act and changes nothing.
    const dryRun = words.slice(1, i).includes("TANDEM_DRY_RUN=1");
    return inner?.kind === "sim" && dryRun ? { ...inner, dryRun } : inner;
  }
  if (words[0] !== "tandem-sim") return null;
  const [, action, arg, ...rest] = words;
  if (rest.length) return { kind: "bad-args", message: "tandem-sim: too many arguments" };
  if (action === "role") {
    if (arg !== "primary" && arg !== "standby") return { kind: "bad-args", message: "tandem-sim: role must be primary or standby" };
    return { kind: "sim", action: "role", role: arg };
  }
  if ((action === "fence" || action === "check") && arg === undefined) return { kind: "sim", action };
  return { kind: "bad-args", message: `tandem-sim: usage: tandem-sim role <primary|standby> | fence | check` };
}
