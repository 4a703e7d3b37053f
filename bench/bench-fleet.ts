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

export type FanoutClients = BenchChild;

/** `count` socket.io clients in the fleet room of `url`, in a process of their own; resolves once they are all subscribed. */
export async function startFanoutClients(url: string, token: string, count: number): Promise<FanoutClients> {
  const c = forkBenchChild("fanout-clients.ts", [url, token, String(count)]);
  await c.next("ready");
  return c;
}
