// Drives a fleet running in its own process(es) (agents/sim/cli.ts) over IPC:
// benchmarks keep the simulator's CPU apart from Tandem's. Large fleets can be
// split into shards, one process each, because every host holds a listening
// socket plus one per connection, and 10,000 hosts with a connection each
// exceed a 20,000 open-files limit that a container may not let us raise.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SimManifest, TSimControlMessage, TSimReply } from "./sim-control.types";
import type { SimFault, SimFaultParams, SimHostInfo, SimLbBackend, SimStats, SimTiming } from "./sim-types";

const CLI = path.resolve(import.meta.dirname, "cli.ts");

export type SimProcessOptions = {
  /** Generated hosts (sim-00001 ... on 127.20.x.y), or the demo fleet. */
  hosts?: number;
  demo?: boolean;
  /** Processes to split the hosts over (round-robin by index); default 1. */
  shards?: number;
  seed?: number;
  port?: number;
  password?: string;
  preinstalled?: boolean;
  /** OpenSSH public keys the fleet accepts besides its password. */
  authorizedKeys?: string[];
  /** Tries to raise each child's open-files limit (above the hard limit only with CAP_SYS_RESOURCE). */
  openFiles?: number;
  readyTimeoutMs?: number;
  /** How long patches and reboots take (see SimTiming). */
  timing?: SimTiming;
  logLevel?: "debug" | "info" | "warn" | "error";
};

export type SimProcess = {
  pids: number[];
  manifest: SimManifest;
  inject(name: string, fault: SimFault, params?: SimFaultParams): Promise<SimHostInfo>;
  clear(name: string, fault?: SimFault): Promise<SimHostInfo>;
  /** A hypervisor on another shard cannot reach this host: power it from here. */
  power(name: string, power: "on" | "off", opts?: { by?: string }): Promise<SimHostInfo>;
  lbBackends(lbName: string): Promise<SimLbBackend[]>;
  /** Summed over shards (rss and CPU too). */
  stats(): Promise<SimStats>;
  hosts(): Promise<SimHostInfo[]>;
  stop(): Promise<void>;
};

type OkReply = Extract<TSimReply, { ok: true }>;
type Shard = { child: ChildProcess; manifest: SimManifest; request(msg: TSimControlMessage): Promise<OkReply>; stop(): Promise<void> };

async function startShard(args: string[], opts: SimProcessOptions): Promise<Shard> {
  const dir = mkdtempSync(path.join(tmpdir(), "tandem-sim-"));
  const manifestPath = path.join(dir, "manifest.json");
  // sh only to raise the limit; exec keeps the IPC descriptor and the PID.
  const raise = opts.openFiles ? `ulimit -n ${Math.floor(opts.openFiles)} 2>/dev/null; ` : "";
  const child = spawn("sh", ["-c", `${raise}exec "$0" "$@"`, process.execPath, "--import", "tsx", CLI, ...args, "--manifest", manifestPath], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve: (r: OkReply) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      for (const p of pending.values()) p.reject(new Error("sim process exited"));
      pending.clear();
      rmSync(dir, { recursive: true, force: true });
      resolve();
    }),
  );
  child.on("message", (m: TSimReply) => {
    if (m.type !== "reply" || typeof m.id !== "number") return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (!p) return;
    if (m.ok) p.resolve(m);
    else p.reject(new Error(m.error));
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("sim process did not become ready"));
    }, opts.readyTimeoutMs ?? 120_000);
    child.on("message", function onReady(m: TSimReply) {
      if (m.type !== "ready") return;
      clearTimeout(timer);
      child.off("message", onReady);
      resolve();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sim process exited with ${code} before it was ready`));
    });
  });

  const request = (msg: TSimControlMessage) =>
    new Promise<OkReply>((resolve, reject) => {
      if (exited) return reject(new Error("sim process exited"));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...msg, id });
    });
  return {
    child,
    manifest: JSON.parse(readFileSync(manifestPath, "utf8")) as SimManifest,
    request,
    async stop() {
      if (exited) return;
      await request({ op: "stop" }).catch(() => {});
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}

function sumStats(all: SimStats[]): SimStats {
  const total = { ...all[0]!, execsByKind: { ...all[0]!.execsByKind } };
  for (const s of all.slice(1)) {
    for (const k of Object.keys(s) as (keyof SimStats)[]) {
      if (typeof s[k] === "number") (total[k] as number) += s[k];
    }
    for (const [k, v] of Object.entries(s.execsByKind)) total.execsByKind[k] = (total.execsByKind[k] ?? 0) + v;
  }
  // A maximum, not a sum: shards hold different hosts.
  total.maxStreamsPerHost = Math.max(...all.map((s) => s.maxStreamsPerHost));
  return total;
}

export async function startSimProcess(opts: SimProcessOptions): Promise<SimProcess> {
  const n = Math.max(1, Math.floor(opts.shards ?? 1));
  let keysDir: string | undefined;
  if (opts.authorizedKeys?.length) {
    keysDir = mkdtempSync(path.join(tmpdir(), "tandem-sim-keys-"));
    writeFileSync(path.join(keysDir, "authorized_keys"), opts.authorizedKeys.join("\n") + "\n");
  }
  const common = [
    ...(keysDir ? ["--authorized-keys", path.join(keysDir, "authorized_keys")] : []),
    ...(opts.demo ? ["--demo"] : ["--hosts", String(opts.hosts ?? 10)]),
    "--seed", String(opts.seed ?? 1),
    "--port", String(opts.port ?? 2222),
    "--log-level", opts.logLevel ?? "warn",
    ...(opts.password ? ["--password", opts.password] : []),
    ...(opts.preinstalled ? ["--preinstalled"] : []),
    ...(opts.timing?.patchMs !== undefined ? ["--patch-ms", String(opts.timing.patchMs)] : []),
    ...(opts.timing?.rebootDelayMs !== undefined ? ["--reboot-delay-ms", String(opts.timing.rebootDelayMs)] : []),
    ...(opts.timing?.bootMs !== undefined ? ["--boot-ms", String(opts.timing.bootMs)] : []),
  ];
  const started = await Promise.allSettled(Array.from({ length: n }, (_, k) => startShard([...common, "--shard", `${k}/${n}`], opts)));
  const shards = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failure = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
  // Each shard has read the keys by the time it is ready.
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  if (failure) {
    await Promise.all(shards.map((s) => s.stop()));
    throw failure.reason;
  }

  const owner = new Map<string, Shard>();
  for (const s of shards) for (const h of s.manifest.hosts) owner.set(h.name, s);
  const shardOf = (name: string) => {
    const s = owner.get(name);
    if (!s) throw new Error(`no sim host named ${JSON.stringify(name)}`);
    return s;
  };
  // One shard keeps the fleet's own order; several are merged by name.
  const hostsInOrder = (lists: SimHostInfo[][]) =>
    lists.length === 1 ? lists[0]! : lists.flat().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  return {
    pids: shards.map((s) => s.child.pid!),
    manifest: { ...shards[0]!.manifest, hosts: hostsInOrder(shards.map((s) => s.manifest.hosts)) as SimManifest["hosts"] },
    inject: async (name, fault, params) => (await shardOf(name).request({ op: "inject", name, fault, params })).host!,
    clear: async (name, fault) => (await shardOf(name).request({ op: "clear", name, fault })).host!,
    power: async (name, power, o = {}) => (await shardOf(name).request({ op: "power", name, power, by: o.by })).host!,
    lbBackends: async (name) => (await shardOf(name).request({ op: "lb-backends", name })).backends!,
    stats: async () => sumStats(await Promise.all(shards.map(async (s) => (await s.request({ op: "stats" })).stats!))),
    hosts: async () => hostsInOrder(await Promise.all(shards.map(async (s) => (await s.request({ op: "hosts" })).hosts!))),
    stop: async () => void (await Promise.all(shards.map((s) => s.stop()))),
  };
}
