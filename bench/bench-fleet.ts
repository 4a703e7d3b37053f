// Pieces the polling, cluster and evacuation benchmarks share: a simulated
// fleet in its own processes that accepts one SSH key, seeded into a bench
// database as servers with a sealed credential; an API token to watch it with;
// helper processes driven over IPC (the fan-out clients of
// bench/fanout-clients.ts, the evacuation's fleet of bench/sim-child.ts).
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { startSimProcess, type SimProcess } from "../agents/sim/sim-process";
import type { Db } from "../server/db/client";
import type { SecretBox } from "../server/crypto/secret-box";
import { credentialSecretFrom, sealCredential, type TSealedCredential } from "../server/inventory/credentials/credential-secret";
import { createApiToken } from "../server/api-tokens/create-api-token";
import { ed25519KeyPair } from "../test/ssh-keys";
import type { FanoutReport, LatencyHistogram } from "./fanout-clients";

export type KeyPair = { private: string; public: string };

/**
 * A generated fleet of `hosts` in `shards` processes. With `key` (an SSH key, as
 * operators use: ssh2 keeps per-connection state for it that a password does not need) it accepts that key.
 */
export async function startBenchFleet(o: { hosts: number; shards: number; port: number; credential: "key" | "password" }): Promise<{ sim: SimProcess; key: KeyPair | null }> {
  const key = o.credential === "key" ? ed25519KeyPair() : null;
  const sim = await startSimProcess({ hosts: o.hosts, shards: o.shards, preinstalled: true, seed: 1, port: o.port, readyTimeoutMs: 300_000, authorizedKeys: key ? [key.public] : [] });
  return { sim, key };
}

/** One site, one credential (the key, else the fleet's password) sealed with `box`, and every host as a server polled every `intervalMs`. */
export async function seedBenchFleet(db: Db, box: SecretBox, sim: SimProcess, key: KeyPair | null, intervalMs: number): Promise<void> {
  const hosts = sim.manifest.hosts;
  const secret = key ? credentialSecretFrom("PRIVATE_KEY", key.private, undefined) : credentialSecretFrom("PASSWORD", hosts[0]!.password, undefined);
  await seedServers(db, box, hosts.map((h) => ({ ...h, site: "bench", services: undefined })), secret, intervalMs);
}

export type BenchHost = { name: string; address: string; port: number; username: string; fingerprint: string; site: string; services?: string[] };

/** Each host as a server in its site (created), polled every `intervalMs`, with one credential of `secret` sealed with `box`. */
export async function seedServers(db: Db, box: SecretBox, hosts: readonly BenchHost[], secret: TSealedCredential, intervalMs: number): Promise<void> {
  const sites = new Map<string, string>();
  for (const name of new Set(hosts.map((h) => h.site))) sites.set(name, (await db.site.create({ data: { name } })).id);
  const cred = await db.credential.create({ data: { name: "bench", username: hosts[0]!.username, kind: secret.kind, secretCiphertext: sealCredential(box, secret) } });
  for (let i = 0; i < hosts.length; i += 2000) {
    await db.server.createMany({
      data: hosts.slice(i, i + 2000).map((h) => ({ name: h.name, address: h.address, port: h.port, siteId: sites.get(h.site)!, credentialId: cred.id, hostKeyFingerprint: h.fingerprint, pollIntervalMs: intervalMs, services: h.services })),
    });
  }
}

/** A viewer and an API token of theirs (socket.io `auth: { token }`, or `Authorization: Bearer`). */
export async function benchToken(db: Db): Promise<string> {
  const user = await db.user.create({ data: { email: "bench@example.test", name: "bench", role: "VIEWER", passwordHash: "x" } });
  const { token } = await createApiToken(db, { kind: "session", userId: user.id, email: user.email, name: "bench", role: "VIEWER" }, { userId: user.id, label: user.email }, { name: "bench" });
  return token;
}

/** A benchmark's helper process (a file in bench/, run with tsx) driven over IPC. */
export type BenchChild = {
  child: ChildProcess;
  /** The next message of this type from the process (an "error" message rejects). */
  next<T = Record<string, number>>(type: string): Promise<T>;
  send(m: { type: string } & Record<string, unknown>): void;
  /** Asks it to stop ({type: "stop"}). */
  stop(): void;
};

export function forkBenchChild(file: string, args: string[]): BenchChild {
  const child = fork(path.resolve(import.meta.dirname, file), args, { execArgv: ["--import", "tsx"], stdio: "inherit" });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const on = (m: Record<string, unknown>) => {
        if (m.type === type) {
          child.off("message", on);
          resolve(m as T);
        } else if (m.type === "error") reject(new Error(String(m.message)));
      };
      child.on("message", on);
    });
  return {
    child,
    next,
    send: (m) => void child.send(m),
    stop: () => {
      if (child.connected) child.send({ type: "stop" });
    },
  };
}

/** Percentiles of one or more latency histograms merged (whole ms). */
export type LatencyPercentiles = { samples: number; p50: number; p90: number; p99: number; max: number };
export function percentilesOf(hs: LatencyHistogram[]): LatencyPercentiles {
  const counts = new Map<number, number>();
  for (const h of hs) for (const [ms, n] of Object.entries(h)) counts.set(Number(ms), (counts.get(Number(ms)) ?? 0) + n);
  const sorted = [...counts].sort((a, b) => a[0] - b[0]);
  const samples = sorted.reduce((a, [, n]) => a + n, 0);
  const pct = (p: number) => {
    if (!samples) return NaN;
    const rank = Math.min(samples - 1, Math.floor((p / 100) * samples));
    let seen = 0;
    for (const [ms, n] of sorted) if ((seen += n) > rank) return ms;
    return sorted.at(-1)![0];
  };
  return { samples, p50: pct(50), p90: pct(90), p99: pct(99), max: pct(100) };
}

export type FanoutLatency = LatencyPercentiles & {
  local: LatencyPercentiles;
  remote: LatencyPercentiles;
  deltasPerClient: number;
  bytesPerClient: number;
  /** The measuring processes' own event loops (the worst of them). */
  loopP99Ms: number;
  loopMaxMs: number;
};

export type FanoutClients = {
  /** The processes the clients are spread over. */
  pids: number[];
  /** From the first connect until every client had its snapshot (they connect at once). */
  subscribedMs: number;
  /** Start recording; `remote` servers' latencies are also reported apart. */
  record(remote?: string[]): void;
  /** Stop recording: the latencies of every client of every process, merged. */
  report(): Promise<FanoutLatency>;
  stop(): void;
};

/** Clients per measuring process: one loop per ~25 browsers, so that its stalls are not everyone's. */
const CLIENTS_PER_PROCESS = 25;

/** `count` socket.io clients in the fleet room of `url`, spread over processes of their own; resolves once they are all subscribed. */
export async function startFanoutClients(url: string, token: string, count: number): Promise<FanoutClients> {
  const procs = Math.max(1, Math.ceil(count / CLIENTS_PER_PROCESS));
  const children = Array.from({ length: procs }, (_, k) => forkBenchChild("fanout-clients.ts", [url, token, String(Math.floor(count / procs) + (k < count % procs ? 1 : 0))]));
  const t0 = Date.now();
  await Promise.all(children.map((c) => c.next("ready")));
  return {
    pids: children.map((c) => c.child.pid ?? -1),
    subscribedMs: Date.now() - t0,
    record: (remote) => children.forEach((c) => c.send({ type: "record", ...(remote ? { remote } : {}) })),
    async report() {
      const waits = children.map((c) => c.next<FanoutReport>("report"));
      children.forEach((c) => c.send({ type: "report" }));
      const reps = await Promise.all(waits);
      const clients = reps.reduce((a, r) => a + r.clients, 0);
      return {
        ...percentilesOf(reps.map((r) => r.all)),
        local: percentilesOf(reps.map((r) => r.local)),
        remote: percentilesOf(reps.map((r) => r.remote)),
        deltasPerClient: reps.reduce((a, r) => a + r.deltas, 0) / clients,
        bytesPerClient: reps[0]!.bytes,
        loopP99Ms: Math.max(...reps.map((r) => r.loopP99Ms)),
        loopMaxMs: Math.max(...reps.map((r) => r.loopMaxMs)),
      };
    },
    stop: () => children.forEach((c) => c.stop()),
  };
}
