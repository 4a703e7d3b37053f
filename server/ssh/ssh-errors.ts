// Structured SSH failures, reported per host: what went wrong, in words an operator can act on.
export type SshFailureKind = "refused" | "timeout" | "unreachable" | "auth" | "host-key-mismatch" | "closed" | "protocol" | "output-too-large" | "local";

/**
 * Errors of Tandem's own machine, not of the server or the network between:
 * out of file descriptors, memory or local ports. They say nothing about the
 * server, so they must never count as the server failing.
 */
const LOCAL_ERRORS: Record<string, string> = {
  EMFILE: "too many open files in Tandem's process (raise its open-file limit)",
  ENFILE: "too many open files on Tandem's machine",
  ENOBUFS: "no buffer space on Tandem's machine",
  ENOMEM: "out of memory on Tandem's machine",
  EADDRNOTAVAIL: "no local address or port free on Tandem's machine",
};

export class SshError extends Error {
  override name = "SshError";
  /** The host key seen before the failure, when the handshake got that far. */
  fingerprint: string | null = null;
  constructor(
    readonly kind: SshFailureKind,
    readonly host: string,
    message: string,
    opts: { cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
  }
}

export class SshExecError extends Error {
  override name = "SshExecError";
  constructor(
    readonly host: string,
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly signal: string | null = null,
  ) {
    super(`${host}: command exited ${exitCode ?? `on signal ${signal}`}${stderr ? `: ${stderr.trim().slice(0, 200)}` : ""}`);
  }
}

/** Maps socket and ssh2 errors to a kind. */
export function classifySshError(e: unknown, host: string): SshError {
  if (e instanceof SshError) return e;
  const err = e as NodeJS.ErrnoException & { level?: string };
  const code = err?.code;
  if (code && LOCAL_ERRORS[code]) return new SshError("local", host, `not polled: Tandem could not open a connection: ${code}, ${LOCAL_ERRORS[code]}`, { cause: e });
  if (code === "ECONNREFUSED") return new SshError("refused", host, "connection refused", { cause: e });
  if (code === "ETIMEDOUT") return new SshError("timeout", host, "connection timed out", { cause: e });
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new SshError("unreachable", host, `host unreachable (${code})`, { cause: e });
  }
  if (code === "ECONNRESET" || code === "EPIPE") return new SshError("closed", host, "connection reset", { cause: e });
  if (err?.level === "client-authentication") return new SshError("auth", host, "authentication failed (check the credential)", { cause: e });
  if (err?.level === "client-timeout") return new SshError("timeout", host, "SSH handshake timed out", { cause: e });
  return new SshError("protocol", host, err?.message ?? String(e), { cause: e });
}
