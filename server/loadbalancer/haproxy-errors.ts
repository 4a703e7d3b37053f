// Structured failures of HAProxy's runtime API, in words an operator can act on.
export type HaproxyFailureKind =
  | "invalid-argument" // refused before anything was sent
  | "refused" // nothing listens at the address
  | "unreachable"
  | "timeout" // connected (or not) but no complete answer in time
  | "closed" // the connection broke mid-answer
  | "output-too-large"
  | "not-found" // HAProxy: "No such server." / "No such backend." / "Can't find backend."
  | "rejected" // any other error text from HAProxy (e.g. "Permission denied")
  | "protocol" // an answer we cannot parse
  | "not-confirmed"; // the wanted state was not reported before the deadline

export class HaproxyError extends Error {
  override name = "HaproxyError";
  constructor(
    readonly kind: HaproxyFailureKind,
    /** The runtime API address, "host:port" or a socket path. */
    readonly address: string,
    message: string,
    opts: { command?: string; response?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.command = opts.command;
    this.response = opts.response;
  }
  readonly command: string | undefined;
  /** HAProxy's own answer, trimmed, when it sent one. */
  readonly response: string | undefined;
}

export function isHaproxyError(e: unknown): e is HaproxyError {
  return e instanceof Error && e.name === "HaproxyError" && typeof (e as HaproxyError).kind === "string";
}

export function classifySocketError(e: unknown, address: string, command: string): HaproxyError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const at = `HAProxy runtime API at ${address}`;
  if (code === "ECONNREFUSED" || code === "ENOENT") {
    return new HaproxyError("refused", address, `${at}: connection refused (${code})`, { command, cause: e });
  }
  if (code === "ETIMEDOUT") return new HaproxyError("timeout", address, `${at}: connection timed out`, { command, cause: e });
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EACCES") {
    return new HaproxyError("unreachable", address, `${at}: unreachable (${code})`, { command, cause: e });
  }
  if (code === "ECONNRESET" || code === "EPIPE") return new HaproxyError("closed", address, `${at}: connection reset`, { command, cause: e });
  return new HaproxyError("protocol", address, `${at}: ${(e as Error)?.message ?? String(e)}`, { command, cause: e });
}
