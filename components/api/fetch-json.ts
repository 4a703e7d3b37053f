// The one way client components talk to Tandem's API: JSON in, JSON out, and
// every failure as an ApiError carrying the server's problem+json.
import type { Problem } from "@/server/http/problem";

export type FieldError = { path: string; message: string };

export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  readonly code: string | undefined;
  readonly errors: FieldError[];
  readonly requestId: string | undefined;
  /** Seconds to wait before retrying (from Retry-After), when the server says so. */
  readonly retryAfter: number | undefined;

  constructor(problem: Partial<Problem> & { status: number; detail: string }, retryAfter?: number) {
    super(problem.detail);
    this.status = problem.status;
    this.code = problem.code;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
    this.retryAfter = retryAfter;
  }

  /** The problem's human-readable explanation. */
  get detail(): string {
    return this.message;
  }

  /** Field messages keyed by the field name, e.g. `body.password` → `password`. */
  fieldErrors(location: "body" | "query" = "body"): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const [where, ...rest] = e.path.split(".");
      if (where !== location || rest.length === 0) continue;
      const key = rest.join(".");
      out[key] ??= e.message;
    }
    return out;
  }
}

type Options = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
};

function isProblem(v: unknown): v is Problem {
  return typeof v === "object" && v !== null && typeof (v as Problem).status === "number" && typeof (v as Problem).detail === "string";
}

export async function fetchJson<T>(url: string, opts: Options = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method ?? (opts.body === undefined ? "GET" : "POST"),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: "same-origin",
      cache: "no-store",
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError({ status: 0, detail: "Could not reach Tandem. Check your connection and try again." });
  }
  if (res.status === 204) return null as T;
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page, for instance; handled below.
  }
  if (res.ok) return data as T;
  const retryAfter = Number(res.headers.get("retry-after")) || undefined;
  if (isProblem(data)) throw new ApiError(data, retryAfter);
  throw new ApiError({ status: res.status, detail: `Request failed (HTTP ${res.status}).` }, retryAfter);
}

/** A message for a role="alert" box from anything a query or mutation threw. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.detail;
  if (e instanceof Error) return e.message;
  return "Something went wrong.";
}

/**
 * The alert text for a form whose fields show their own server errors: a
 * validation failure that only concerns those fields just points at them
 * (the server's detail, "Invalid body.email: …", is meant for API clients).
 */
export function formErrorMessage(e: unknown, fields: readonly string[]): string {
  if (e instanceof ApiError && e.status === 400 && e.errors.length > 0) {
    const shown = Object.keys(e.fieldErrors());
    if (shown.length === e.errors.length && shown.every((f) => fields.includes(f))) return "Check the fields marked below.";
  }
  return errorMessage(e);
}
