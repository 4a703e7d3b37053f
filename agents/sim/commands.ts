// The commands a virtual host understands: exactly the ones Tandem sends
// (server/agent/agent-command.ts), recognised from those same templates so the
// two cannot drift, plus the peer probe. Anything else is "command not found".
import { agentScript, installAgentCommand, runAgentCommand } from "../../server/agent/agent-command";
import { probeTemplate } from "../../server/failover/probe-command";
import { defaultPatchScripts, REBOOT_SCRIPT } from "../../server/rollouts/patch-commands";

export type AgentInvocation = { services: string[]; lagCmd: string | null; intervalSec: number | null; count: number | null };

/** What `tandem-sim` is asked to do; `role: null` prints the current role. */
export type SimAction =
  | { action: "role"; role: "primary" | "standby" | null }
  | { action: "fence" | "check" }
  /** On a hypervisor, to the host named by TANDEM_PLUG (virsh destroy/start/domstate). */
  | { action: "power"; power: "off" | "on" | "status" }
  /** On a load balancer host, to TANDEM_BACKEND_SERVER of TANDEM_BACKEND. */
  | { action: "lb"; lb: "enable" | "disable" | "drain" | "state" }
  /**
   * A rollout's patch script (server/rollouts/patch-commands.ts), or `tandem-sim patch [--security]`;
   * family null: the host's own package manager.
   */
  | { action: "patch"; selection: "all" | "security"; family: "apt" | "dnf" | null }
  /** REBOOT_SCRIPT, or `tandem-sim reboot`. */
  | { action: "reboot" }
  /** On a hypervisor: a new virtual host for TANDEM_GROUP (a restore's provision hook), printed as JSON. */
  | { action: "provision" };

export type SimCommand =
  | { kind: "install"; hash: string }
  | { kind: "run"; hash: string; agent: AgentInvocation }
  /** `sh -s [-- args]`: the agent on stdin, or a script of exports and a command (classifyStdin decides). */
  | { kind: "piped"; agent: AgentInvocation }
  | { kind: "probe"; address: string; port: number }
  /**
   * Runbook hooks, fence and balancer commands for the demo and tests, with the
   * variables they were given (server/failover/run-hook.ts wraps them in
   * `env ... sh -c`, or sends them as a script to `sh -s`).
   */
  | ({ kind: "sim"; env: Record<string, string>; dryRun?: boolean } & SimAction)
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
// The second opinion's probe, as server/failover/second-opinion.ts writes it.
const PROBE = new RegExp(`^${escapeRe(probeTemplate("ADDRESS", "PORT")).replace("ADDRESS", "(?<address>[0-9.]{7,15})").replace("PORT", "(?<port>\\d{1,5})")}$`);

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
        // Intervals may be fractions (0.25), as the agent takes them; counts are whole.
        if (!val || !(opt === "--interval" ? /^\d+(\.\d+)?$/ : /^\d+$/).test(val) || Number(val) === 0) return { error: `tandem-agent: invalid ${opt.slice(2)}` };
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

const ENV_ASSIGNMENT = /^(?<name>[A-Z][A-Z0-9_]{0,63})=(?<value>.*)$/s;

const USAGE =
  "tandem-sim: usage: tandem-sim role [primary|standby] | fence | check | patch [--security] | reboot | power <off|on|status> | provision (hypervisor) | lb <enable|disable|drain|state> (load balancer)";

/** Gives a parsed command the variables it runs with; a drill's dry run sets TANDEM_DRY_RUN=1. */
function withEnv(cmd: SimCommand | null, env: Record<string, string>): SimCommand | null {
  if (cmd?.kind !== "sim") return cmd;
  const merged = { ...env, ...cmd.env };
  return merged.TANDEM_DRY_RUN === "1" ? { ...cmd, env: merged, dryRun: true } : { ...cmd, env: merged };
}

/**
 * `tandem-sim ...` bare or as the hook runner sends it, `env NAME=value... sh -c '<hook>'`,
 * whose variables the command then sees.
 */
export function parseHookCommand(command: string): SimCommand | null {
  const words = shellWords(command);
  if (!words) return null;
  if (words[0] === "env") {
    const env: Record<string, string> = {};
    let i = 1;
    for (let m; i < words.length && (m = ENV_ASSIGNMENT.exec(words[i]!)); i++) env[m.groups!.name!] = m.groups!.value!;
    if (words[i] !== "sh" || words[i + 1] !== "-c" || words.length !== i + 3) return null;
    return withEnv(parseHookCommand(words[i + 2]!), env);
  }
  if (words[0] !== "tandem-sim") return null;
  const [, action, arg, ...rest] = words;
  if (rest.length) return { kind: "bad-args", message: "tandem-sim: too many arguments" };
  const sim = (a: SimAction): SimCommand => ({ kind: "sim", env: {}, ...a });
  switch (action) {
    case "role":
      if (arg === undefined) return sim({ action: "role", role: null });
      if (arg !== "primary" && arg !== "standby") return { kind: "bad-args", message: "tandem-sim: role must be primary or standby" };
      return sim({ action: "role", role: arg });
    case "fence":
    case "check":
      if (arg === undefined) return sim({ action });
      break;
    case "patch":
      if (arg === undefined || arg === "--security") return sim({ action: "patch", selection: arg ? "security" : "all", family: null });
      break;
    case "reboot":
    case "provision":
      if (arg === undefined) return sim({ action });
      break;
    case "power":
      if (arg === "off" || arg === "on" || arg === "status") return sim({ action: "power", power: arg });
      break;
    case "lb":
      if (arg === "enable" || arg === "disable" || arg === "drain" || arg === "state") return sim({ action: "lb", lb: arg });
      break;
  }
  return { kind: "bad-args", message: USAGE };
}

/** Stderr for an action the host cannot do (power off from a host that is no hypervisor): it exits 127, as for a missing program. */
export function unsupportedOn(host: string, role: string | null, action: "power" | "provision" | "lb"): string {
  const needs = action === "lb" ? "a load balancer (role lb)" : "a hypervisor";
  return `sh: 1: tandem-sim ${action}: not found (${host} is ${role ? `a ${role}` : "without a role"}, not ${needs})\n`;
}

const EXPORT_NAME = /^export ([A-Z][A-Z0-9_]{0,63})=/;

/**
 * The stdin of `sh -s` for a command with secrets (server/failover/run-hook.ts
 * remoteScript): `export NAME='value'` lines (POSIX single quoting, `'\''` for a
 * quote, newlines allowed inside quotes), then the command, then EOF. The
 * command sees the variables; anything else is refused.
 */
export function parseScript(script: string): SimCommand {
  const env: Record<string, string> = {};
  let pos = 0;
  for (let m; (m = EXPORT_NAME.exec(script.slice(pos, pos + 80))); ) {
    pos += m[0].length;
    let value = "";
    // One word of quoted segments and \x escapes, up to the end of the line.
    while (pos < script.length && script[pos] !== "\n") {
      const c = script[pos]!;
      if (c === "'") {
        const end = script.indexOf("'", pos + 1);
        if (end < 0) return { kind: "bad-args", message: "sh: 1: Syntax error: Unterminated quoted string" };
        value += script.slice(pos + 1, end);
        pos = end + 1;
      } else if (c === "\\" && pos + 1 < script.length && script[pos + 1] !== "\n") {
        value += script[pos + 1];
        pos += 2;
      } else {
        return { kind: "bad-args", message: `sh: unsupported script: export ${m[1]} must be a single-quoted value` };
      }
    }
    env[m[1]!] = value;
    pos++;
  }
  const body = script.slice(pos);
  // A rollout's multi-line scripts, recognised whole (run-hook sends them trimmed, with one newline).
  const rollout = rolloutScripts().get(body);
  if (rollout) return withEnv({ kind: "sim", env: {}, ...rollout }, env)!;
  const [command = "", ...more] = body.trim().split("\n");
  if (!command) return { kind: "bad-args", message: "sh: the script has no command after its exports" };
  const parsed = parseHookCommand(command);
  // A shell would fail an unknown first program with 127; a second command line is outside the format.
  if (!parsed) return { kind: "unknown", program: programOf(command) };
  if (more.some((line) => line.trim())) return { kind: "bad-args", message: "sh: unsupported script: one command line expected after the exports" };
  return withEnv(parsed, env)!;
}

let rolloutScriptMap: Map<string, SimAction> | undefined;
function rolloutScripts(): Map<string, SimAction> {
  rolloutScriptMap ??= new Map<string, SimAction>([
    ...defaultPatchScripts().map(({ family, selection, script }): [string, SimAction] => [`${script.trimEnd()}\n`, { action: "patch", selection, family }]),
    [`${REBOOT_SCRIPT.trimEnd()}\n`, { action: "reboot" }],
  ]);
  return rolloutScriptMap;
}

/** `sh -s` with the agent on stdin (this version's, or another's), or a script of exports and a command. */
export function classifyStdin(stdin: Buffer, agent: AgentInvocation): SimCommand {
  const own = agentScript().source;
  if (stdin.equals(own) || stdin.subarray(0, 64).toString().startsWith("#!/bin/sh\n# tandem-agent:")) return { kind: "piped", agent };
  return parseScript(stdin.toString("utf8"));
}
