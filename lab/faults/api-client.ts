// Tandem's HTTP API as the exerciser uses it: an API token (Bearer, so no CSRF
// headers), every answer's status recorded so "no 5xx" can be judged, and a
// short timeout on every call (a hung request is as bad as a 5xx).
export type ApiCall = { method: string; path: string; status: number; at: number; body?: unknown; error?: string };

export class ApiError extends Error {
  constructor(
    readonly call: ApiCall,
    message: string,
  ) {
    super(message);
  }
}

export type Api = {
  base: string;
  token: string | null;
  /** Every answer with status >= 500 (or no answer at all while Tandem was expected up). */
  onServerError?: (c: ApiCall) => void;
  request<T = unknown>(method: string, path: string, body?: unknown, opts?: { ok?: number[]; timeoutMs?: number }): Promise<{ status: number; body: T }>;
  get<T = unknown>(path: string): Promise<T>;
};

export function createApi(base: string): Api {
  const api: Api = {
    base,
    token: null,
    async request<T>(method: string, path: string, body?: unknown, opts: { ok?: number[]; timeoutMs?: number } = {}) {
      const headers: Record<string, string> = {};
      if (api.token) headers.authorization = `Bearer ${api.token}`;
      if (body !== undefined) headers["content-type"] = "application/json";
      const at = Date.now();
      let res: Response;
      try {
        res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000) });
      } catch (e) {
        const call: ApiCall = { method, path, status: 0, at, error: (e as Error).message };
        throw new ApiError(call, `${method} ${path}: no answer (${(e as Error).message})`);
      }
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      const call: ApiCall = { method, path, status: res.status, at, body: parsed };
      if (res.status >= 500) api.onServerError?.(call);
      const ok = opts.ok ?? [200, 201, 202, 204];
      if (!ok.includes(res.status)) {
        const detail = typeof parsed === "object" && parsed && "detail" in parsed ? String((parsed as { detail: unknown }).detail) : text.slice(0, 300);
        throw new ApiError(call, `${method} ${path}: ${res.status} ${detail}`);
      }
      return { status: res.status, body: parsed as T };
    },
    async get<T>(path: string) {
      return (await api.request<T>("GET", path)).body;
    },
  };
  return api;
}

/** Signs in with the bootstrap admin and makes an admin API token for the rest of the run. */
export async function authenticate(api: Api, email: string, password: string): Promise<void> {
  const login = await fetch(`${api.base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  const r = await fetch(`${api.base}/api/v1/api-tokens`, {
    method: "POST",
    // A cookie-authenticated change must look same-origin (server/http/csrf.ts).
    headers: { "content-type": "application/json", cookie, origin: api.base, "sec-fetch-site": "same-origin" },
    body: JSON.stringify({ name: `faults-${Date.now()}`, expiresInDays: 1 }),
  });
  if (r.status !== 201 && r.status !== 200) throw new Error(`creating an API token failed: ${r.status} ${await r.text()}`);
  api.token = ((await r.json()) as { token: string }).token;
}
