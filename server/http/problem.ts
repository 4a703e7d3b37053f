// Errors as RFC 9457 problem+json, mapped once from AppError codes.
import { isAppError, type AppError } from "../errors/app-error";
import type { Logger } from "../lib/logger";
import { isDatabaseUnavailable } from "../errors/database-unavailable";

/** Seconds a client is asked to wait when the database is away. */
export const DATABASE_RETRY_AFTER_S = 2;

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
};

const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function problemFromError(err: unknown, requestId: string | undefined, log: Logger | undefined): Problem {
  if (isAppError(err)) {
    const e = err as AppError;
    return {
      type: `https://tandem.dev/problems/${e.code.toLowerCase().replaceAll("_", "-")}`,
      title: titles[e.status] ?? "Error",
      status: e.status,
      detail: e.message,
      code: e.code,
      requestId,
      ...(e.fields ? { errors: e.fields } : {}),
    };
  }
  if (isDatabaseUnavailable(err)) {
    log?.warn("database unavailable during a request", { requestId, err: err instanceof Error ? err.message : String(err) });
    return { type: "https://tandem.dev/problems/unavailable", title: titles[503]!, status: 503, detail: "The database is unavailable; retry shortly.", code: "UNAVAILABLE", requestId };
  }
  // Anything else is a bug: log it whole, tell the client nothing internal.
  log?.error("unhandled error in request", { requestId, err: err instanceof Error ? err : String(err) });
  return { type: "about:blank", title: titles[500]!, status: 500, detail: "An unexpected error occurred; it has been logged.", code: "INTERNAL", requestId };
}

export function problemResponse(p: Problem, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...extraHeaders },
  });
}
