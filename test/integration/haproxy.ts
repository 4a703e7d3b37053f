// A real HAProxy for integration tests: /usr/sbin/haproxy (Debian package,
// installed with apt-get when missing) on free 127.0.0.1 ports, its runtime API
// on TCP and on a UNIX socket at level admin, one frontend in front of one
// backend. Stopped by the PID in its pidfile; a process exit hook kills any
// instance a failed test left behind.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { showServersState } from "../../server/loadbalancer/haproxy-runtime";

export const HAPROXY_PATH = "/usr/sbin/haproxy";
const run = promisify(execFile);

let installAttempt: Promise<boolean> | undefined;

/** True once HAProxy is installed; tries apt-get once per process when it is missing. */
export function ensureHaproxy(): Promise<boolean> {
  if (existsSync(HAPROXY_PATH)) return Promise.resolve(true);
  installAttempt ??= (async () => {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const apt = (args: string[]) => run("apt-get", args, { env, timeout: 300_000 }).then(() => true, () => false);
    if (!(await apt(["install", "-y", "haproxy"]))) await apt(["update"]).then((ok) => ok && apt(["install", "-y", "haproxy"]));
    return existsSync(HAPROXY_PATH);
  })();
  return installAttempt;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type TestHaproxyServer = { name: string; port: number; /** Starts in maintenance (config keyword `disabled`). */ disabled?: boolean };
export type TestHaproxyBackend = { name: string; servers: TestHaproxyServer[] };

export type TestHaproxy = {
  frontendPort: number;
  /** Runtime API over TCP, "127.0.0.1:PORT". */
  statsAddress: string;
  /** The same runtime API on a UNIX socket. */
  statsSocketPath: string;
  pid: number;
  stop(): Promise<void>;
};

const NAME = /^[A-Za-z0-9._:-]{1,64}$/;
/** Live instances by PID, with their temp dirs: what the exit hook cleans up. */
const running = new Map<number, string>();
let exitHookInstalled = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An exited daemon whose parent is gone can linger as a zombie until reaped.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function kill(pid: number): Promise<void> {
  for (const [signal, waitMs] of [["SIGTERM", 3000], ["SIGKILL", 3000]] as const) {
    if (!alive(pid)) break;
    try {
      process.kill(pid, signal);
    } catch {
      break;
    }
    const until = Date.now() + waitMs;
    while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  }
  running.delete(pid);
}

function config(opts: { dir: string; statsPort: number; frontendPort: number; backends: TestHaproxyBackend[]; mode: "http" | "tcp" }): string {
  const lines = [
    "global",
    `  stats socket 127.0.0.1:${opts.statsPort} level admin`,
    `  stats socket ${path.join(opts.dir, "admin.sock")} mode 600 level admin`,
    `  pidfile ${path.join(opts.dir, "haproxy.pid")}`,
    // Keeps memory small: HAProxy sizes buffers from maxconn.
    "  maxconn 256",
    "defaults",
    `  mode ${opts.mode}`,
    "  timeout connect 1s",
    "  timeout client 5s",
    "  timeout server 5s",
    // TCP connect checks every 200 ms, one result flips the state: fast tests.
    "  default-server check inter 200ms fastinter 100ms downinter 200ms rise 1 fall 1",
    "frontend fe",
    `  bind 127.0.0.1:${opts.frontendPort}`,
    `  default_backend ${opts.backends[0]!.name}`,
  ];
  for (const be of opts.backends) {
    lines.push(`backend ${be.name}`, "  balance roundrobin");
    for (const s of be.servers) lines.push(`  server ${s.name} 127.0.0.1:${s.port}${s.disabled ? " disabled" : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

export async function startHaproxy(opts: {
  backends: TestHaproxyBackend[];
  mode?: "http" | "tcp";
  readyTimeoutMs?: number;
}): Promise<TestHaproxy> {
  if (!(await ensureHaproxy())) throw new Error(`${HAPROXY_PATH} is missing and apt-get install -y haproxy failed`);
  if (!opts.backends.length) throw new Error("startHaproxy needs at least one backend");
  for (const be of opts.backends) {
    for (const n of [be.name, ...be.servers.map((s) => s.name)]) if (!NAME.test(n)) throw new Error(`invalid HAProxy name ${JSON.stringify(n)}`);
  }
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const [pid, dir] of running) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
  const dir = mkdtempSync(path.join(tmpdir(), "tandem-haproxy-"));
  const cfg = path.join(dir, "haproxy.cfg");
  const pidfile = path.join(dir, "haproxy.pid");
  let lastError = "";
  // A free port can be taken between probing and binding: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const [statsPort, frontendPort] = [await freePort(), await freePort()];
    writeFileSync(cfg, config({ dir, statsPort, frontendPort, backends: opts.backends, mode: opts.mode ?? "http" }));
    try {
      // -D: the parent returns once the daemon has bound its sockets (or failed to).
      await run(HAPROXY_PATH, ["-D", "-f", cfg, "-p", pidfile], { timeout: 15_000 });
    } catch (e) {
      lastError = String((e as { stderr?: string }).stderr || (e as Error).message).trim();
      if (/cannot bind|Address already in use/i.test(lastError)) continue;
      break;
    }
    const pid = Number(readFileSync(pidfile, "utf8").trim());
    running.set(pid, dir);
    const statsAddress = `127.0.0.1:${statsPort}`;
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 10_000);
    let ready = false;
    while (!ready && alive(pid) && Date.now() < deadline) {
      ready = await showServersState(statsAddress, opts.backends[0]!.name, { timeoutMs: 1000 }).then(
        () => true,
        (e: Error) => ((lastError = e.message), false),
      );
      if (!ready) await new Promise((r) => setTimeout(r, 50));
    }
    if (ready) {
      let stopped = false;
      return {
        frontendPort,
        statsAddress,
        statsSocketPath: path.join(dir, "admin.sock"),
        pid,
        async stop() {
          if (stopped) return;
          stopped = true;
          await kill(pid);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await kill(pid);
    break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`haproxy did not start: ${lastError || "no answer on the stats socket before the deadline"}`);
}

export type TestHttpBackend = {
  name: string;
  port: number;
  /** Requests answered so far. */
  hits(): number;
  stop(): Promise<void>;
};

/** An HTTP server on a free loopback port that answers every request with its name. */
export function startHttpBackend(name: string): Promise<TestHttpBackend> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(name);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        name,
        port,
        hits: () => hits,
        stop: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** GETs through a frontend on a fresh connection each time; returns the body (the backend's name). */
export function getVia(port: number, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/", agent: false, timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => resolve(res.statusCode === 200 ? body : `HTTP ${res.statusCode}`));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer through 127.0.0.1:${port} within ${timeoutMs} ms`)));
    req.on("error", reject);
  });
}
