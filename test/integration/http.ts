// Builds Requests the way a browser or a script would send them, for calling route handlers directly.
import { SESSION_COOKIE } from "../../server/auth/tokens";
import { REMOTE_ADDR_HEADER } from "../../server/http/request-meta";

export const ORIGIN = "http://tandem.test";

export type CallOptions = {
  body?: unknown;
  rawBody?: string;
  session?: string;
  bearer?: string;
  /** "browser": same-origin fetch headers (default); "script": none; "cross-site": an attacker page. */
  from?: "browser" | "script" | "cross-site";
  ip?: string;
  headers?: Record<string, string>;
};

export function apiRequest(method: string, path: string, o: CallOptions = {}): Request {
  const h = new Headers({ host: "tandem.test", [REMOTE_ADDR_HEADER]: o.ip ?? "127.0.0.1", "user-agent": "vitest" });
  const from = o.from ?? "browser";
  if (from === "browser") {
    h.set("sec-fetch-site", "same-origin");
    if (method !== "GET") h.set("origin", ORIGIN);
  } else if (from === "cross-site") {
    h.set("sec-fetch-site", "cross-site");
    h.set("origin", "https://evil.example");
  }
  if (o.session) h.set("cookie", `${SESSION_COOKIE}=${o.session}`);
  if (o.bearer) h.set("authorization", `Bearer ${o.bearer}`);
  let body: string | undefined;
  if (o.rawBody !== undefined) body = o.rawBody;
  else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    h.set("content-type", "application/json");
  }
  for (const [k, v] of Object.entries(o.headers ?? {})) h.set(k, v);
  return new Request(`${ORIGIN}${path}`, { method, headers: h, body });
}

export function sessionFrom(res: Response): string | undefined {
  for (const c of res.headers.getSetCookie()) {
    const m = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(c);
    if (m && m[1]) return decodeURIComponent(m[1]);
  }
  return undefined;
}

export type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RouteResult = { status: number; raw: string; body: any };

/** Calls a route file's handler as Next would, and reads the answer (JSON when there is a body). */
export async function callRoute(h: RouteHandler | undefined, method: string, path: string, o: CallOptions = {}, params: Record<string, string> = {}): Promise<RouteResult> {
  if (!h) throw new Error(`no ${method} handler for ${path}`);
  const res = await h(apiRequest(method, path, o), { params: Promise.resolve(params) });
  const raw = await res.text();
  return { status: res.status, raw, body: raw ? JSON.parse(raw) : null };
}
