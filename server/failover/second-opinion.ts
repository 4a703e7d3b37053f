// The second opinion (DESIGN section 4): before an automatic failover, each
// standby of the group is asked, over its own SSH session (its credential, its
// pinned host key), whether it still reaches the primary: a TCP connect to
// <address> <port>, built only from validated values. Any standby that still
// reaches it vetoes the failover (the problem is between Tandem and the
// primary); no standby answering is no second opinion, so no failover either.

import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { loadCredentialSecret } from "../inventory/credentials/load-credential-secret";
import { SshConnection } from "../ssh/connection";
import { probeCommand, type Target } from "./probe-command";

export { probeCommand, type Target } from "./probe-command";

export type Verdict = "reachable" | "unreachable" | "error";
export type StandbyVerdict = { serverId: string; name: string; verdict: Verdict; detail: string };
export type SecondOpinion =
  | { proceed: true; verdicts: StandbyVerdict[]; summary: string }
  | { proceed: false; why: "still-reachable" | "no-opinion"; verdicts: StandbyVerdict[]; summary: string };

export type SecondOpinionDeps = { db: Db; secretBox: SecretBox };

export const PROBE_TIMEOUT_MS = 5000;

/** Reads a probe's answer: exit 0 "reachable", exit 1 "unreachable"; anything else is an error. */
export function readProbe(r: { exitCode: number | null; stdout: string; stderr: string }): { verdict: Verdict; detail: string } {
  const out = r.stdout.trim();
  if (r.exitCode === 0 && out === "reachable") return { verdict: "reachable", detail: "still reaches the primary" };
  if (r.exitCode === 1 && out === "unreachable") return { verdict: "unreachable", detail: "cannot reach the primary either" };
  const text = [out, r.stderr.trim()].filter(Boolean).join(" ").slice(0, 300);
  return { verdict: "error", detail: `probe exited ${r.exitCode ?? "without status"}${text ? `: ${text}` : ""}` };
}

/** The decision from the verdicts: any reachable vetoes; none answered is no opinion. */
export function judge(verdicts: StandbyVerdict[]): SecondOpinion {
  const line = verdicts.map((v) => `${v.name}: ${v.verdict} (${v.detail})`).join("; ") || "the group has no standby to ask";
  if (verdicts.some((v) => v.verdict === "reachable")) return { proceed: false, why: "still-reachable", verdicts, summary: `the primary is still reachable from its peers: ${line}` };
  if (!verdicts.some((v) => v.verdict === "unreachable")) return { proceed: false, why: "no-opinion", verdicts, summary: `no second opinion (no standby could be asked): ${line}` };
  return { proceed: true, verdicts, summary: `no peer reaches the primary: ${line}` };
}

async function askOne(deps: SecondOpinionDeps, standbyId: string, command: string, timeoutMs: number): Promise<StandbyVerdict> {
  const s = await deps.db.server.findUnique({ where: { id: standbyId }, select: { id: true, name: true, address: true, port: true, credentialId: true, hostKeyFingerprint: true } });
  if (!s) return { serverId: standbyId, name: standbyId, verdict: "error", detail: "server not found" };
  const fail = (detail: string): StandbyVerdict => ({ serverId: s.id, name: s.name, verdict: "error", detail });
  if (!s.credentialId) return fail("no credential to connect with");
  if (!s.hostKeyFingerprint) return fail("host key not pinned yet");
  let conn: SshConnection | undefined;
  try {
    const cred = await loadCredentialSecret(deps.db, deps.secretBox, s.credentialId);
    const deadline = Date.now() + timeoutMs;
    conn = await SshConnection.connect(
      {
        label: s.name,
        address: s.address,
        port: s.port,
        username: cred.username,
        privateKey: cred.privateKey,
        passphrase: cred.passphrase,
        password: cred.password,
        expectedFingerprint: s.hostKeyFingerprint,
      },
      { timeoutMs },
    );
    const r = await conn.exec(command, { timeoutMs: Math.max(100, deadline - Date.now()), outputCap: 4096 });
    return { serverId: s.id, name: s.name, ...readProbe(r) };
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  } finally {
    conn?.close();
  }
}

/** Asks every standby in parallel. Never throws: an invalid target or a failed session is an "error" verdict. */
export async function askSecondOpinion(
  deps: SecondOpinionDeps,
  primary: Target,
  standbys: { serverId: string; name: string }[],
  opts: { timeoutMs?: number } = {},
): Promise<SecondOpinion> {
  let command: string;
  try {
    command = probeCommand(primary);
  } catch (e) {
    return judge(standbys.map((s) => ({ ...s, verdict: "error" as const, detail: (e as Error).message })));
  }
  const verdicts = await Promise.all(standbys.map((s) => askOne(deps, s.serverId, command, opts.timeoutMs ?? PROBE_TIMEOUT_MS)));
  return judge(verdicts);
}
