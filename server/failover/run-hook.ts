// Runs one of a group's runbook hooks on a member over SSH (and the commands of
// fence devices and COMMAND load balancers on their hosts). The hook text is
// admin-authored code (like a runbook) and runs as written; the only values
// added to it are Tandem's own (group, server, roles, plugs), validated and
// passed as quoted environment variables, so operator free text never reaches a
// shell. Secrets (a BMC password, a cloud key) never go on a command line, where
// `ps` on the remote host would show them: with secrets the session runs
// `sh -s` and the variables and the command arrive on stdin (`remoteScript`).
import { shellQuote } from "../agent/agent-command";
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { loadCredentialSecret } from "../inventory/credentials/load-credential-secret";
import { SshConnection } from "../ssh/connection";

export type HookEnv = Record<string, string>;
/** `output`: stdout then stderr, for the record; `stdout` alone, for hooks whose output is read (provision). */
export type HookResult = { exitCode: number; output: string; stdout: string };

const ENV_NAME = /^TANDEM_[A-Z][A-Z0-9_]{0,40}$/;
// Names and roles only: printable, no control characters, short.
const ENV_VALUE = /^[^\p{Cc}]{0,200}$/u;
/** Names an admin gives a device's variables and secrets (IPMI_PASSWORD, AWS_DEFAULT_REGION). */
export const SECRET_ENV_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
export const HOOK_OUTPUT_CAP = 64 * 1024;

export class HookError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(message);
    this.name = "HookError";
  }
}

/** The command sent: `env TANDEM_X='v'... sh -c '<hook>'`. */
export function hookCommand(hook: string, env: HookEnv): string {
  if (!hook.trim() || hook.includes("\0")) throw new AppError("VALIDATION", "The hook command is empty or contains NUL");
  const vars = Object.entries(env).map(([k, v]) => {
    if (!ENV_NAME.test(k)) throw new AppError("VALIDATION", `Invalid hook variable name ${JSON.stringify(k)}`);
    if (!ENV_VALUE.test(v)) throw new AppError("VALIDATION", `Invalid value for hook variable ${k}`);
    return `${k}=${shellQuote(v)}`;
  });
  return ["env", ...vars, "sh", "-c", shellQuote(hook)].join(" ");
}

/**
 * The stdin of `sh -s` for a command with secrets: one `export NAME='value'` line
 * per variable, then the command, then EOF. Tandem's own variables are checked as
 * for hooks; admin-given ones need a plain name and no NUL.
 */
export function remoteScript(command: string, env: HookEnv, secretEnv: HookEnv): string {
  if (!command.trim() || command.includes("\0")) throw new AppError("VALIDATION", "The command is empty or contains NUL");
  const lines: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (!ENV_NAME.test(k) && !SECRET_ENV_NAME.test(k)) throw new AppError("VALIDATION", `Invalid variable name ${JSON.stringify(k)}`);
    if (ENV_NAME.test(k) ? !ENV_VALUE.test(v) : v.includes("\0")) throw new AppError("VALIDATION", `Invalid value for variable ${k}`);
    lines.push(`export ${k}=${shellQuote(v)}`);
  }
  for (const [k, v] of Object.entries(secretEnv)) {
    if (!SECRET_ENV_NAME.test(k) || k.startsWith("TANDEM_")) throw new AppError("VALIDATION", `Invalid secret variable name ${JSON.stringify(k)}`);
    if (v.includes("\0")) throw new AppError("VALIDATION", `Invalid value for secret variable ${k}`);
    lines.push(`export ${k}=${shellQuote(v)}`);
  }
  return `${lines.join("\n")}${lines.length ? "\n" : ""}${command.trimEnd()}\n`;
}

export async function runHook(
  deps: { db: Db; secretBox: SecretBox },
  opts: {
    serverId: string;
    hook: string;
    env: HookEnv;
    /** Passed on stdin (`sh -s`), never on the command line; see remoteScript. */
    secretEnv?: HookEnv;
    /** What it is, for errors: "hook" (default), "fence command", "balancer command". */
    what?: string;
    timeoutMs: number;
    signal?: AbortSignal;
    outputCap?: number;
  },
): Promise<HookResult> {
  const server = await deps.db.server.findUnique({
    where: { id: opts.serverId },
    select: { name: true, address: true, port: true, credentialId: true, hostKeyFingerprint: true },
  });
  if (!server) throw notFound("Server");
  if (!server.credentialId) throw new AppError("CONFLICT", `${server.name} has no credential to run hooks with`);
  if (!server.hostKeyFingerprint) throw new AppError("CONFLICT", `${server.name}'s host key is not pinned yet; hooks run only on a verified host`);
  const script = opts.secretEnv ? remoteScript(opts.hook, opts.env, opts.secretEnv) : null;
  const command = script === null ? hookCommand(opts.hook, opts.env) : "sh -s";
  const cred = await loadCredentialSecret(deps.db, deps.secretBox, server.credentialId);
  const deadline = Date.now() + opts.timeoutMs;
  const conn = await SshConnection.connect(
    {
      label: server.name,
      address: server.address,
      port: server.port,
      username: cred.username,
      privateKey: cred.privateKey,
      passphrase: cred.passphrase,
      password: cred.password,
      expectedFingerprint: server.hostKeyFingerprint,
    },
    { timeoutMs: opts.timeoutMs },
  );
  const onAbort = () => conn.close();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const r = await conn.exec(command, { timeoutMs: Math.max(100, deadline - Date.now()), outputCap: opts.outputCap ?? HOOK_OUTPUT_CAP, ...(script === null ? {} : { stdin: script }) });
    const output = [r.stdout.trimEnd(), r.stderr.trimEnd()].filter(Boolean).join("\n");
    if (r.exitCode !== 0) {
      const how = r.exitCode === null ? `was killed (${r.signal ?? "no exit status"})` : `exited ${r.exitCode}`;
      throw new HookError(`${opts.what ?? "hook"} on ${server.name} ${how}${output ? `: ${output.slice(-2000)}` : ""}`, r.exitCode, output);
    }
    return { exitCode: 0, output, stdout: r.stdout };
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    conn.close();
  }
}
