"use client";

import type { TTestConnectionResult } from "./types";
import styles from "./inventory.module.css";

/** What a connection test found: the host key to check and pin, the latency, or the first problem. */
export function ConnectionResult({
  result,
  pinned,
  pinAction,
}: {
  result: TTestConnectionResult;
  /** The fingerprint pinned now, if any. */
  pinned?: string | null;
  /** A button to pin (or use) the fingerprint seen. */
  pinAction?: { label: string; pending?: boolean; onClick: () => void } | null;
}) {
  return (
    <div className={styles.result} role="group" aria-label="Connection test result">
      <p>
        {result.ok ? (
          <span className="badge badge-dot badge-success">Connected</span>
        ) : (
          <span className="badge badge-dot badge-danger">Failed</span>
        )}{" "}
        {result.latencyMs !== null ? <span className="muted">in {result.latencyMs} ms</span> : null}
      </p>
      {result.error ? <p className="field-error">{result.error}</p> : null}
      <dl className="dl">
        <dt>Host key seen</dt>
        <dd>
          {result.fingerprint ? (
            <>
              <span className={styles.fingerprint}>{result.fingerprint}</span>
              {result.algorithm ? <span className="muted"> ({result.algorithm})</span> : null}
            </>
          ) : (
            <span className="muted">None: the connection ended before the key exchange.</span>
          )}
        </dd>
        {pinned !== undefined ? (
          <>
            <dt>Pinned key</dt>
            <dd>{pinned ? <span className={styles.fingerprint}>{pinned}</span> : <span className="muted">None pinned yet</span>}</dd>
          </>
        ) : null}
        {result.hostKeyMatches !== null ? (
          <>
            <dt>Match</dt>
            <dd>
              {result.hostKeyMatches ? (
                <span className="badge badge-success">Same key</span>
              ) : (
                <span className="badge badge-danger">Different key: this may not be the machine you expect</span>
              )}
            </dd>
          </>
        ) : null}
      </dl>
      {pinAction && result.fingerprint ? (
        <div className="form-actions">
          <button type="button" className="btn btn-sm btn-primary" onClick={pinAction.onClick} disabled={pinAction.pending}>
            {pinAction.label}
          </button>
          <span className="hint">
            Before pinning, compare it with <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on the server.
          </span>
        </div>
      ) : null}
    </div>
  );
}
