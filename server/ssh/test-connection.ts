// "Test connection": connect once, report the host key to pin, the latency and
// the first problem met, and run nothing on the server.
import { SshConnection } from "./connection";
import { SshError } from "./ssh-errors";

export type TestConnectionTarget = {
  address: string;
  port: number;
  username: string;
  privateKey?: string;
  passphrase?: string;
  password?: string;
  expectedFingerprint?: string | null;
};

export type TestConnectionResult = {
  ok: boolean;
  fingerprint: string | null;
  algorithm: string | null;
  latencyMs: number | null;
  error: string | null;
  hostKeyMatches: boolean | null;
};

export async function testConnection(target: TestConnectionTarget, opts: { timeoutMs?: number } = {}): Promise<TestConnectionResult> {
  const t0 = performance.now();
  // Connect without pinning so a changed key still shows its fingerprint; compare after.
  let conn: SshConnection | undefined;
  try {
    conn = await SshConnection.connect(
      { label: `${target.address}:${target.port}`, ...target, expectedFingerprint: null },
      { timeoutMs: opts.timeoutMs ?? 10_000 },
    );
    const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
    const matches = target.expectedFingerprint ? target.expectedFingerprint === conn.fingerprint : null;
    return {
      ok: matches !== false,
      fingerprint: conn.fingerprint,
      algorithm: conn.algorithm,
      latencyMs,
      error: matches === false ? `host key differs from the pinned ${target.expectedFingerprint}` : null,
      hostKeyMatches: matches,
    };
  } catch (e) {
    const err = e instanceof SshError ? e : new SshError("protocol", target.address, String(e));
    // An authentication failure still shows the host key, so it can be checked before fixing the credential.
    const fp = err.fingerprint;
    return { ok: false, fingerprint: fp, algorithm: null, latencyMs: null, error: `${err.kind}: ${err.message}`, hostKeyMatches: fp && target.expectedFingerprint ? fp === target.expectedFingerprint : null };
  } finally {
    conn?.close();
  }
}
