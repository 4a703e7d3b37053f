// Runs one of a group's runbook hooks on a member over SSH. The hook text is
// admin-authored code (like a runbook) and runs as written; the only values
// added to it are Tandem's own (group, server, roles), validated and passed as
// quoted environment variables, so operator free text never reaches a shell.
import { shellQuote } from "../agent/agent-command";
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { loadCredentialSecret } from "../inventory/credentials/load-credential-secret";
import { SshConnection } from "../ssh/connection";

export type HookEnv = Record<string, string>;
export type HookResult = { exitCode: number; output: string };

const ENV_NAME = /^TANDEM_[A-Z][A-Z0-9_]{0,40}$/;
// Names and roles only: printable, no control characters, short.
const ENV_VALUE = /^[^\p{Cc}]{0,200}$/u;
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

export async function runHook(
  deps: { db: Db; secretBox: SecretBox },
  opts: { serverId: string; hook: string; env: HookEnv; timeoutMs: number; signal?: AbortSignal; outputCap?: number },
): Promise<HookResult> {
  const server = await deps.db.server.findUnique({
    where: { id: opts.serverId },
    select: { name: true, address: true, port: true, credentialId: true, hostKeyFingerprint: true },
  });
  if (!server) throw notFound("Server");
  if (!server.credentialId) throw new AppError("CONFLICT", `${server.name} has no credential to run hooks with`);
  if (!server.hostKeyFingerprint) throw new AppError("CONFLICT", `${server.name}'s host key is not pinned yet; hooks run only on a verified host`);
  const command = hookCommand(opts.hook, opts.env);
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
    const r = await conn.exec(command, { timeoutMs: Math.max(100, deadline - Date.now()), outputCap: opts.outputCap ?? HOOK_OUTPUT_CAP });
    const output = [r.stdout.trimEnd(), r.stderr.trimEnd()].filter(Boolean).join("\n");
    if (r.exitCode !== 0) {
      const how = r.exitCode === null ? `was killed (${r.signal ?? "no exit status"})` : `exited ${r.exitCode}`;
      throw new HookError(`hook on ${server.name} ${how}${output ? `: ${output.slice(-2000)}` : ""}`, r.exitCode, output);
    }
    return { exitCode: 0, output };
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    conn.close();
  }
}
