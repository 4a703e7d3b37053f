// Tandem as an operator runs it: `npm start`'s entry (server/index.ts) in a
// child process on its embedded PostgreSQL, reached only over HTTP with an API
// token, as a script of an operator's would.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { freePort } from "../server/db/embedded-postgres";
import { sleep, waitFor } from "./sh";

const ROOT = path.resolve(import.meta.dirname, "..");

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 600)}`);
  }
}

export type TandemApi = {
  baseUrl: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  get<T = any>(p: string): Promise<T>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send<T = any>(method: "POST" | "PATCH" | "PUT" | "DELETE", p: string, body?: unknown): Promise<T>;
};

/** A client that authenticates with a bearer token (no cookie, so no CSRF rules apply). */
export function apiClient(baseUrl: string, token: string): TandemApi {
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new ApiError(method, p, res.status, text);
    return text ? JSON.parse(text) : null;
  };
  return { baseUrl, get: (p) => call("GET", p), send: (m, p, b) => call(m, p, b) };
}

export type TandemProcess = { api: TandemApi; child: ChildProcess; logFile: string; stop(): Promise<void> };

/**
 * Starts Tandem with its data (embedded PostgreSQL) in `dataDir`, logs in as
 * the first admin and makes an API token. `env` adds settings (the lab raises
 * the fleet-wide failover brake: it fails over on purpose, many times).
 */
export async function startTandem(o: { dataDir: string; env?: Record<string, string> }): Promise<TandemProcess> {
  mkdirSync(o.dataDir, { recursive: true });
  const port = await freePort();
  const email = "lab@tandem.test";
  const password = randomBytes(18).toString("base64url");
  const logFile = path.join(o.dataDir, "tandem.log");
  const out = createWriteStream(logFile);
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["server/index.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      TANDEM_DATA_DIR: o.dataDir,
      TANDEM_DEMO: "false",
      TANDEM_SECRET: randomBytes(32).toString("hex"),
      TANDEM_ADMIN_EMAIL: email,
      TANDEM_ADMIN_PASSWORD: password,
      DATABASE_URL: "",
      ...o.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  await waitFor("Tandem to answer /api/health", async () => {
    if (exited()) throw new Error(`Tandem exited (${child.exitCode ?? child.signalCode}); see ${logFile}`);
    const r = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
    return r.ok;
  }, 180_000, 250);

  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json", origin: baseUrl }, body: JSON.stringify({ email, password }) });
  if (!login.ok) throw new ApiError("POST", "/api/v1/auth/login", login.status, await login.text());
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const made = await fetch(`${baseUrl}/api/v1/api-tokens`, { method: "POST", headers: { "content-type": "application/json", origin: baseUrl, cookie }, body: JSON.stringify({ name: "lab" }) });
  if (!made.ok) throw new ApiError("POST", "/api/v1/api-tokens", made.status, await made.text());
  const { token } = (await made.json()) as { token: string };

  return {
    api: apiClient(baseUrl, token),
    child,
    logFile,
    async stop() {
      if (exited()) return;
      child.kill("SIGTERM");
      for (let i = 0; i < 150 && !exited(); i++) await sleep(100);
      if (!exited()) child.kill("SIGKILL");
    },
  };
}
