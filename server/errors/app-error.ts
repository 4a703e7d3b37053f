// One error type for the whole domain, with a code that maps once to an HTTP
// status (server/http/problem.ts) and to socket replies.

export type AppErrorCode =
  | "VALIDATION" // 400: malformed input; `fields` names the bad ones
  | "UNAUTHENTICATED" // 401
  | "FORBIDDEN" // 403: authenticated, but the role does not allow it
  | "CSRF" // 403: a cross-site or unverifiable mutation
  | "NOT_FOUND" // 404
  | "CONFLICT" // 409: e.g. the email is taken, or an operation already runs
  | "UNSUPPORTED_MEDIA_TYPE" // 415
  | "RATE_LIMITED" // 429
  | "UNAVAILABLE" // 503: starting up, database down
  | "INTERNAL"; // 500

export type FieldError = { path: string; message: string };

export const statusByCode: Record<AppErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  override name = "AppError";
  readonly code: AppErrorCode;
  readonly fields: FieldError[] | undefined;
  /** Seconds a client should wait (RATE_LIMITED, UNAVAILABLE). */
  readonly retryAfter: number | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    opts: { fields?: FieldError[]; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.fields = opts.fields;
    this.retryAfter = opts.retryAfter;
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

/** Tells AppErrors apart across module copies (the Next bundle and the custom server load this file separately). */
export function isAppError(e: unknown): e is AppError {
  return e instanceof Error && e.name === "AppError" && typeof (e as AppError).code === "string";
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
