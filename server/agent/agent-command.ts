// How Tandem runs its agent over SSH. Commands are fixed templates; the only
// variable parts are validated service names, a hash, an interval, and the
// admin-set lag probe, which is passed as one single-quoted argument.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

/** Resolved when first needed: route handlers bundled by Next import this module for shellQuote, where import.meta.dirname is not set. */
export function agentPath(): string {
  return path.resolve(import.meta.dirname ?? path.join(process.cwd(), "server", "agent"), "../../agents/tandem-agent.sh");
}

export type AgentScript = { source: Buffer; hash: string; remotePath: string };

let cached: AgentScript | undefined;
/** The agent as shipped with this Tandem; its hash names the remote copy, so a new version is a new file. */
export function agentScript(): AgentScript {
  if (!cached) {
    const source = readFileSync(agentPath());
    const hash = createHash("sha256").update(source).digest("hex").slice(0, 16);
    cached = { source, hash, remotePath: `.tandem/agent-${hash}.sh` };
  }
  return cached;
}

/** Exit status the run command uses to say "the agent is not installed (this version)". */
export const AGENT_MISSING_EXIT = 97;

import { SERVICE_NAME } from "./service-name";

/** POSIX single-quoting: the one safe way to pass an arbitrary string as one argument. */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

export type AgentOptions = { services?: string[]; lagProbe?: string | null; intervalSec?: number };

export function agentArgs(o: AgentOptions): string {
  const args: string[] = [];
  for (const s of o.services ?? []) {
    if (!SERVICE_NAME.test(s)) throw new Error(`invalid service name: ${JSON.stringify(s)}`);
    args.push("--service", s);
  }
  if (o.lagProbe) args.push("--lag-cmd", shellQuote(o.lagProbe));
  if (o.intervalSec !== undefined) {
    // Sub-second streams (0.25 s) are what makes sub-second failover cheap: one session, one line per interval.
    if (!Number.isFinite(o.intervalSec) || o.intervalSec < 0.1 || o.intervalSec > 3600) throw new Error("interval must be 0.1-3600 s");
    args.push("--interval", String(Math.round(o.intervalSec * 1000) / 1000));
  }
  return args.join(" ");
}

/** Runs the installed agent, or exits AGENT_MISSING_EXIT so Tandem installs it and retries. No login shell, no rc files. */
export function runAgentCommand(o: AgentOptions = {}): string {
  const { remotePath } = agentScript();
  const args = agentArgs(o);
  return `test -f ${remotePath} || exit ${AGENT_MISSING_EXIT}; exec sh ${remotePath}${args ? " " + args : ""}`;
}

/** Installs the agent from stdin, atomically, and removes older versions. */
export function installAgentCommand(): string {
  const { hash, remotePath } = agentScript();
  return `umask 077 && mkdir -p .tandem && cat > ${remotePath}.tmp && mv ${remotePath}.tmp ${remotePath} && find .tandem -name 'agent-*.sh' ! -name 'agent-${hash}.sh' -type f -exec rm -f {} +`;
}

/** For read-only hosts: the agent is sent on stdin every time. */
export function pipedAgentCommand(o: AgentOptions = {}): string {
  const args = agentArgs(o);
  return `sh -s${args ? " -- " + args : ""}`;
}
