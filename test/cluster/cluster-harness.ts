// Real Tandem node processes, started as `npm start` starts them (the
// production build, tsx server/index.ts), all on one fresh PostgreSQL database
// with the demo fleet simulated in this test process and seeded into it. Each
// node gets its own port; they share DATABASE_URL and TANDEM_SECRET.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { createDb, type Db } from "../../server/db/client";
import { migrate } from "../../server/db/migrate";
import { createSecretBox, deriveKey } from "../../server/crypto/secret-box";
import { createLogger } from "../../server/lib/logger";
import { startDemo } from "../../server/demo/start-demo";
import type { SimFleet } from "../../agents/sim/sim-types";
import type { TCluster } from "../../server/cluster/cluster.types";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SECRET = "cluster-test-secret-cluster-test-secret-0123";
export const ADMIN = { email: "admin@cluster.test", password: "cluster-test-password-1" };
export const LEASE_SECONDS = 4;
const log = createLogger({ level: "error" });
// The lab's polling helpers: the same waits, the same messages.
export { sleep, waitFor as eventually } from "../../lab/sh";

export type Node = {
  name: string;
  proc: ChildProcess;
  url: string;
  cookie: string;
  output: string[];
  api<T = unknown>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }>;
  socket(): Promise<Socket>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
};

export type Cluster = { db: Db; url: string; sim: SimFleet; nodes: Node[]; startNode(name: string, env?: Record<string, string>): Promise<Node>; stop(): Promise<void> };

async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `tandem_cluster_${randomBytes(4).toString("hex")}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    },
  };
}

export async function startCluster(o: { simPort: number }): Promise<Cluster> {
  const stops: (() => Promise<unknown>)[] = [];
  const database = await createDatabase();
  stops.push(() => database.drop());
  await migrate(database.url, path.join(ROOT, "prisma", "migrations"));
  const db = createDb(database.url, { max: 4 });
  stops.push(() => db.$disconnect());
  // The demo fleet as `npm start` makes it, in this process: nodes poll it over SSH on loopback, and killing a node leaves it running.
  const sim = await startDemo(db, createSecretBox(deriveKey(SECRET)), log, o.simPort);
  stops.push(() => sim.stop());
  const dataDir = mkdtempSync(path.join(tmpdir(), "tandem-cluster-"));
  stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const nodes: Node[] = [];

  async function startNode(name: string, extraEnv: Record<string, string> = {}): Promise<Node> {
    const proc = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["server/index.ts"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: database.url,
        TANDEM_SECRET: SECRET,
        TANDEM_DEMO: "0",
        TANDEM_DATA_DIR: path.join(dataDir, name),
        TANDEM_NODE_NAME: name,
        TANDEM_LEASE_SECONDS: String(LEASE_SECONDS),
        TANDEM_ADMIN_EMAIL: ADMIN.email,
        TANDEM_ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: "info",
        ...extraEnv,
      },
    });
    const output: string[] = [];
    const ready = new Promise<string>((resolve, reject) => {
      const onLine = (chunk: Buffer) => {
        for (const line of chunk.toString().split("\n")) {
          if (!line.trim()) continue;
          output.push(line);
          if (output.length > 2000) output.shift();
          const m = /Tandem is ready on (http:\/\/[\d.:]+)/.exec(line);
          if (m) resolve(m[1]!);
        }
      };
      proc.stdout!.on("data", onLine);
      proc.stderr!.on("data", onLine);
      proc.once("exit", (code) => reject(new Error(`node ${name} exited (${code}) before it was ready:\n${output.slice(-20).join("\n")}`)));
    });
    const timer = setTimeout(() => proc.kill("SIGKILL"), 90_000);
    const url = await ready.finally(() => clearTimeout(timer));
    const origin = url;
    const login = await fetch(`${url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json", origin }, body: JSON.stringify(ADMIN) });
    if (login.status !== 200) throw new Error(`login on ${name}: ${login.status} ${await login.text()}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const exited = new Promise<void>((r) => proc.once("exit", () => r()));
    const node: Node = {
      name,
      proc,
      url,
      cookie,
      output,
      async api<T>(method: string, p: string, body?: unknown) {
        const res = await fetch(`${url}${p}`, {
          method,
          headers: { cookie, origin, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
          body: body !== undefined ? JSON.stringify(body) : undefined,
        });
        const text = await res.text();
        return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
      },
      async socket() {
        const s = io(url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie, origin }, reconnection: false });
        await new Promise<void>((resolve, reject) => {
          s.once("connect", () => resolve());
          s.once("connect_error", reject);
        });
        return s;
      },
      async kill9() {
        process.kill(-proc.pid!, "SIGKILL");
        await exited;
      },
      async stop() {
        if (proc.exitCode !== null || proc.signalCode !== null) return;
        process.kill(-proc.pid!, "SIGTERM");
        const force = setTimeout(() => {
          try {
            process.kill(-proc.pid!, "SIGKILL");
          } catch {
            /* gone */
          }
        }, 20_000);
        await exited;
        clearTimeout(force);
      },
    };
    nodes.push(node);
    return node;
  }

  return {
    db,
    url: database.url,
    sim,
    nodes,
    startNode,
    async stop() {
      await Promise.all(nodes.map((n) => n.stop().catch(() => undefined)));
      for (const s of stops.reverse()) await s().catch(() => undefined);
    },
  };
}

export async function clusterOf(node: Node): Promise<TCluster> {
  const r = await node.api<TCluster>("GET", "/api/v1/cluster");
  if (r.status !== 200) throw new Error(`GET /api/v1/cluster on ${node.name}: ${r.status}`);
  return r.body;
}

/** Every server's latest sample time as one node's fleet room shows it, kept current from its deltas. */
export async function watchFleet(node: Node): Promise<{ lastSample: Map<string, number>; names: Map<string, string>; close(): void }> {
  const s = await node.socket();
  const lastSample = new Map<string, number>();
  const names = new Map<string, string>();
  const snapshot = new Promise<void>((resolve) => {
    s.once("fleet:snapshot", (snap: { hosts: { id: string; name: string; lastSampleAt: number | null }[] }) => {
      for (const h of snap.hosts) {
        names.set(h.id, h.name);
        if (h.lastSampleAt) lastSample.set(h.id, h.lastSampleAt);
      }
      resolve();
    });
  });
  // Delta rows: [id, health, since, reason, lastSampleAt | 0, ...] (server/fleet/fleet.types.ts).
  s.on("fleet:delta", (d: { rows: [string, number, number, string | null, number][] }) => {
    for (const r of d.rows) if (r[4]) lastSample.set(r[0], r[4]);
  });
  s.emit("subscribe", { room: "fleet" });
  await snapshot;
  return { lastSample, names, close: () => void s.close() };
}
