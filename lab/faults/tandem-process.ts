// Tandem as a child process, started the way `npm start` does (production
// server/index.ts), but as one node process (`node --import tsx`) so that
// kill -9 hits Tandem itself and not a wrapper that would leave it orphaned.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import path from "node:path";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..", "..");

export type TandemEnv = { databaseUrl: string; port: number; dataDir: string; adminEmail: string; adminPassword: string; logFile: string };

export type TandemProcess = {
  readonly url: string;
  readonly pid: number | undefined;
  start(): Promise<void>;
  /** kill -9: no shutdown hooks, operations cut wherever they are. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<void>;
};

export function tandemProcess(env: TandemEnv, opts: { readyTimeoutMs?: number } = {}): TandemProcess {
  const url = `http://127.0.0.1:${env.port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let log: WriteStream | undefined;

  async function waitReady(): Promise<void> {
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
    while (Date.now() < deadline) {
      if (!child || child.exitCode !== null || child.signalCode !== null) throw new Error(`Tandem exited during start (see ${env.logFile})`);
      try {
        const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
        if (r.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`Tandem was not ready within ${Math.round((opts.readyTimeoutMs ?? 120_000) / 1000)} s (see ${env.logFile})`);
  }

  function waitExit(c: ChildProcess, ms: number): Promise<boolean> {
    if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve(true);
    return Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
  }

  return {
    url,
    get pid() {
      return child?.pid;
    },
    async start() {
      log ??= createWriteStream(env.logFile, { flags: "a" });
      log.write(`\n--- start ${new Date().toISOString()}\n`);
      const c = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
        cwd: PROJECT_ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          DATABASE_URL: env.databaseUrl,
          PORT: String(env.port),
          HOST: "127.0.0.1",
          TANDEM_DEMO: "true",
          TANDEM_DATA_DIR: env.dataDir,
          TANDEM_SECRET: "faults-exerciser-secret-0123456789abcdef",
          TANDEM_ADMIN_EMAIL: env.adminEmail,
          TANDEM_ADMIN_PASSWORD: env.adminPassword,
          LOG_LEVEL: "info",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      c.stdout!.pipe(log, { end: false });
      c.stderr!.pipe(log, { end: false });
      exited = new Promise((r) => c.once("exit", () => r()));
      child = c;
      await waitReady();
    },
    async kill9() {
      const c = child;
      if (!c?.pid) return;
      c.kill("SIGKILL");
      await waitExit(c, 10_000);
      child = undefined;
    },
    async stop(graceMs = 15_000) {
      const c = child;
      if (!c?.pid) return;
      c.kill("SIGTERM");
      if (!(await waitExit(c, graceMs))) {
        c.kill("SIGKILL");
        await waitExit(c, 5_000);
      }
      child = undefined;
    },
  };
}
