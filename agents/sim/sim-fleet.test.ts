// The simulated fleet over real SSH on loopback: the commands Tandem sends and
// every fault, as a client sees them.
import { probeCommand } from "../../server/failover/probe-command";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import { promisify } from "node:util";
import ssh2 from "ssh2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { agentScript, AGENT_MISSING_EXIT, installAgentCommand, pipedAgentCommand, runAgentCommand } from "../../server/agent/agent-command";
import { ZAgentSample } from "../../server/agent/agent-sample.types";
import { connectSim, execSim, type SimClient } from "./sim-client";
import { DEFAULT_SIM_PASSWORD, startSimFleet } from "./sim-fleet";
import type { SimFleet, SimHostInfo, SimHostSpec } from "./sim-types";
import { ed25519KeyPair } from "../../test/ssh-keys";

const execFileAsync = promisify(execFile);

// Addresses unlikely to meet another run's fleet on this machine.
const net16 = `127.31.${process.pid % 250}`;
const specs: SimHostSpec[] = [
  { name: "db-a", address: `${net16}.1`, services: ["postgresql", "node-exporter"], role: "primary" },
  { name: "db-b", address: `${net16}.2`, services: ["postgresql"], role: "standby" },
  { name: "web-1", address: `${net16}.3`, services: ["nginx"], role: "web" },
  { name: "plain", address: `${net16}.4` },
];

let fleet: SimFleet;
const clients: SimClient[] = [];
const clientKey = ed25519KeyPair();

beforeAll(async () => {
  fleet = await startSimFleet({ hosts: specs, seed: 7, authorizedKeys: [clientKey.public] });
});
afterAll(() => fleet?.stop());
afterEach(async () => {
  for (const c of clients.splice(0)) c.end();
  for (const s of specs) await fleet.clear(s.name);
});

const info = (name: string): SimHostInfo => fleet.host(name);
async function connect(name: string, opts: { timeoutMs?: number; password?: string } = {}): Promise<SimClient> {
  const h = info(name);
  const c = await connectSim({ ...h, password: opts.password ?? DEFAULT_SIM_PASSWORD }, { timeoutMs: opts.timeoutMs });
  clients.push(c);
  return c;
}
async function installed(name: string): Promise<SimClient> {
  const c = await connect(name);
  const r = await execSim(c, installAgentCommand(), { stdin: agentScript().source });
  expect(r.code).toBe(0);
  return c;
}
const sampleOf = (stdout: string) => ZAgentSample.parse(JSON.parse(stdout));

describe("a virtual host", () => {
  it("lets in the authorized key and refuses another, by its signature", async () => {
    const h = info("plain");
    const c = await connectSim({ ...h, password: undefined, privateKey: clientKey.private });
    clients.push(c);
    const other = ed25519KeyPair();
    await expect(connectSim({ ...h, password: undefined, privateKey: other.private })).rejects.toThrow(/authentication methods failed/);
  });

  it("answers Tandem's commands: not installed, install, run, piped", async () => {
    const c = await connect("web-1");
    expect(c.fingerprint).toBe(info("web-1").hostKeyFingerprint);

    const before = await execSim(c, runAgentCommand());
    expect(before).toMatchObject({ code: AGENT_MISSING_EXIT, stdout: "" });

    expect(await execSim(c, installAgentCommand(), { stdin: agentScript().source })).toMatchObject({ code: 0, stdout: "", stderr: "" });

    const run = await execSim(c, runAgentCommand({ services: ["nginx", "mysql"] }));
    expect(run.code).toBe(0);
    const s = sampleOf(run.stdout);
    expect(s.host).toBe("web-1");
    expect(s.services).toEqual([{ name: "nginx", state: "active" }, { name: "mysql", state: "inactive" }]);
    expect(s.disks.find((d) => d.mount === "/")).toBeDefined();
    expect(s.replicationLagSec).toBeNull();

    const piped = await execSim(c, pipedAgentCommand({ services: ["nginx"] }), { stdin: agentScript().source });
    expect(piped.code).toBe(0);
    expect(sampleOf(piped.stdout).services).toEqual([{ name: "nginx", state: "active" }]);
  });

  it("says 'not found' to anything else, and refuses bad agent arguments as the agent does", async () => {
    const c = await connect("plain");
    const r = await execSim(c, "uname -a");
    expect(r.code).toBe(127);
    expect(r.stderr).toMatch(/uname: not found/);
    const bad = await execSim(c, "sh -s -- --service '-Hevil'", { stdin: "" });
    expect(bad).toMatchObject({ code: 2, stdout: "" });
  });

  it("accepts the fleet password and authorized keys, nothing else", async () => {
    await expect(connect("plain", { password: "wrong" })).rejects.toThrow(/authentication/i);
    const h = info("plain");
    const c = await connectSim({ ...h, privateKey: clientKey.private });
    clients.push(c);
    expect((await execSim(c, runAgentCommand())).code).toBe(AGENT_MISSING_EXIT);
    const other = ed25519KeyPair();
    await expect(connectSim({ ...h, privateKey: other.private })).rejects.toThrow(/authentication/i);
  });

  it("presents the fingerprint OpenSSH computes, the same in every run with the same seed", async () => {
    if (existsSync("/usr/bin/ssh-keyscan")) {
      const h = info("db-a");
      // Asynchronously: the fleet answering ssh-keyscan runs in this process.
      const { stdout } = await execFileAsync("sh", ["-c", `ssh-keyscan -t ed25519 -p ${h.port} ${h.address} 2>/dev/null | ssh-keygen -lf -`], { timeout: 5000 });
      expect(stdout.split(" ")[1]).toBe(h.hostKeyFingerprint);
    }
    const again = await startSimFleet({ hosts: [{ ...specs[0]!, address: `${net16}.200` }], seed: 7 });
    try {
      expect(again.hosts[0]!.hostKeyFingerprint).toBe(info("db-a").hostKeyFingerprint);
    } finally {
      await again.stop();
    }
  });

  it("reports a small replication lag on standbys only", async () => {
    const standby = sampleOf((await execSim(await installed("db-b"), runAgentCommand())).stdout);
    expect(standby.replicationLagSec).toBeGreaterThanOrEqual(0);
    expect(standby.replicationLagSec).toBeLessThan(30);
    expect(standby.raid.length).toBeGreaterThan(0);
    expect(standby.raid.every((r) => !r.degraded)).toBe(true);
  });

  it("streams one line per interval, with counters that only grow", async () => {
    const c = await installed("db-a");
    const lines = await new Promise<string[]>((resolve, reject) => {
      c.client.exec(runAgentCommand({ intervalSec: 1 }), (err, ch) => {
        if (err) return reject(err);
        let buf = "";
        const timer = setTimeout(() => reject(new Error("fewer than 3 lines")), 4000);
        ch.on("data", (d: Buffer) => {
          buf += d.toString();
          const got = buf.split("\n").filter(Boolean);
          if (got.length >= 3) {
            clearTimeout(timer);
            ch.close();
            resolve(got);
          }
        });
      });
    });
    const samples = lines.map(sampleOf);
    for (let i = 1; i < samples.length; i++) {
      const [a, b] = [samples[i - 1]!, samples[i]!];
      b.cpu.jiffies.forEach((j, k) => expect(j).toBeGreaterThanOrEqual(a.cpu.jiffies[k]!));
      expect(b.net[0]!.rxBytes).toBeGreaterThan(a.net[0]!.rxBytes);
      expect(b.uptimeSec).toBeGreaterThan(a.uptimeSec);
    }
    const sum = (s: (typeof samples)[number]) => s.cpu.jiffies.reduce((x, y) => x + y, 0);
    // 100 Hz per cpu, about 2 s apart (the model steps whole seconds, so 1-3 steps).
    const perSec = (sum(samples[2]!) - sum(samples[0]!)) / (samples[2]!.uptimeSec - samples[0]!.uptimeSec);
    expect(perSec / samples[0]!.cpu.count).toBeGreaterThanOrEqual(40);
    expect(perSec / samples[0]!.cpu.count).toBeLessThanOrEqual(160);
    expect(fleet.stats().streamsOpen).toBeLessThanOrEqual(1);
  });

  it("refuses an 11th concurrent channel on one connection, as OpenSSH does", async () => {
    const c = await installed("plain");
    const open: ssh2.ClientChannel[] = [];
    for (let i = 0; i < 10; i++) {
      open.push(await new Promise((resolve, reject) => c.client.exec(runAgentCommand({ intervalSec: 60 }), (e, ch) => (e ? reject(e) : resolve(ch)))));
    }
    await expect(new Promise((resolve, reject) => c.client.exec(runAgentCommand(), (e, ch) => (e ? reject(e) : resolve(ch))))).rejects.toThrow();
    for (const ch of open) ch.close();
  });
});

function connectError(name: string, timeoutMs = 1000): Promise<string> {
  return connect(name, { timeoutMs }).then(
    () => "connected",
    (e: NodeJS.ErrnoException) => e.code ?? e.message,
  );
}

describe("faults", () => {
  it("down: connection refused, sessions dropped, back after clear", async () => {
    const c = await connect("plain");
    const closed = new Promise<void>((r) => c.client.once("close", () => r()));
    await fleet.inject("plain", "down");
    await closed;
    expect(await connectError("plain")).toBe("ECONNREFUSED");
    await fleet.clear("plain", "down");
    expect(await connectError("plain")).toBe("connected");
  });

  it("hang: TCP accepted but no SSH answer; open sessions stop answering", async () => {
    const c = await installed("plain");
    await fleet.inject("plain", "hang");
    await expect(execSim(c, runAgentCommand(), { timeoutMs: 400 })).rejects.toThrow(/no answer/);
    const sock = net.connect({ host: info("plain").address, port: info("plain").port });
    const got = await new Promise<string>((resolve) => {
      sock.once("connect", () => setTimeout(() => resolve("silent"), 400));
      sock.once("data", () => resolve("answered"));
      sock.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
    });
    sock.destroy();
    expect(got).toBe("silent");
    expect(await connectError("plain", 400)).toBe("ETIMEDOUT");
    await fleet.clear("plain");
    expect((await execSim(await connect("plain"), runAgentCommand())).code).toBe(0);
  });

  it("cutoff: Tandem is refused, but peers still reach the host", async () => {
    await fleet.inject("db-a", "cutoff");
    expect(await connectError("db-a")).toBe("ECONNREFUSED");
    const peer = await connect("db-b");
    const a = info("db-a");
    const probe = await execSim(peer, probeCommand(a));
    expect(probe).toMatchObject({ code: 0, stdout: "reachable\n" });

    await fleet.inject("db-a", "down");
    expect(await execSim(peer, probeCommand(a))).toMatchObject({ code: 1, stdout: "unreachable\n" });
    expect((await execSim(peer, probeCommand({ address: "127.0.0.1", port: 9 }))).code).toBe(1);
  });

  it("slow: answers after the delay", async () => {
    const c = await installed("web-1");
    await fleet.inject("web-1", "slow", { delayMs: 800 });
    const r = await execSim(c, runAgentCommand());
    expect(r.code).toBe(0);
    expect(r.ms).toBeGreaterThanOrEqual(790);
    sampleOf(r.stdout);
    await fleet.clear("web-1", "slow");
    expect((await execSim(c, runAgentCommand())).ms).toBeLessThan(700);
  });

  it("malformed-output: the agent's output is not JSON", async () => {
    const c = await installed("web-1");
    await fleet.inject("web-1", "malformed-output");
    const r = await execSim(c, runAgentCommand());
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).toThrow();
  });

  it("host-key-changed: a different fingerprint until cleared", async () => {
    const original = info("db-b").hostKeyFingerprint;
    await fleet.inject("db-b", "host-key-changed");
    const changed = await connect("db-b");
    expect(changed.fingerprint).not.toBe(original);
    expect(info("db-b").hostKeyFingerprint).toBe(changed.fingerprint);
    await fleet.clear("db-b", "host-key-changed");
    expect((await connect("db-b")).fingerprint).toBe(original);
  });

  it("service-stopped, raid-degraded, disk-full, replication-lag, high-cpu: in the sample", async () => {
    const c = await installed("db-a");
    await fleet.inject("db-a", "service-stopped");
    await fleet.inject("db-a", "raid-degraded");
    await fleet.inject("db-a", "disk-full");
    await fleet.inject("db-a", "replication-lag", { seconds: 42 });
    await fleet.inject("db-a", "high-cpu");
    expect(fleet.faults("db-a").map((f) => f.fault).sort()).toEqual(["disk-full", "high-cpu", "raid-degraded", "replication-lag", "service-stopped"]);
    const s = sampleOf((await execSim(c, runAgentCommand({ services: ["postgresql", "node-exporter"] }))).stdout);
    expect(s.services).toEqual([{ name: "postgresql", state: "inactive" }, { name: "node-exporter", state: "active" }]);
    expect(s.raid.some((r) => r.degraded && r.status.includes("_"))).toBe(true);
    const root = s.disks.find((d) => d.mount === "/")!;
    expect(root.usedKb / root.sizeKb).toBeGreaterThan(0.99);
    expect(s.replicationLagSec).toBe(42);

    await fleet.clear("db-a");
    expect(fleet.faults("db-a")).toEqual([]);
    const ok = sampleOf((await execSim(c, runAgentCommand({ services: ["postgresql"] }))).stdout);
    expect(ok.services).toEqual([{ name: "postgresql", state: "active" }]);
    expect(ok.raid.every((r) => !r.degraded)).toBe(true);
    expect(ok.replicationLagSec).toBeNull();
  });

  it("raid-degraded adds an array to a host that had none", async () => {
    const c = await installed("web-1");
    await fleet.inject("web-1", "raid-degraded");
    expect(sampleOf((await execSim(c, runAgentCommand())).stdout).raid).toEqual([{ name: "md0", level: "raid1", status: "U_", degraded: true }]);
  });

  it("rejects unknown hosts and faults", () => {
    expect(() => fleet.inject("nope", "down")).toThrow(/no sim host/);
    expect(() => fleet.inject("plain", "melt" as never)).toThrow(/unknown sim fault/);
  });
});

describe("a fleet of 200", () => {
  it("starts, answers and stops within a few seconds", async () => {
    const t0 = performance.now();
    const base = `127.32.${process.pid % 250}`;
    const big = await startSimFleet({
      hosts: Array.from({ length: 200 }, (_, i) => ({ name: `sim-${i}`, address: `${base}.${i + 1}` })),
      preinstalled: true,
    });
    try {
      const started = performance.now() - t0;
      expect(big.stats()).toMatchObject({ hosts: 200, listening: 200 });
      const sample = big.hosts.filter((_, i) => i % 20 === 0);
      await Promise.all(
        sample.map(async (h) => {
          const c = await connectSim({ ...h, password: DEFAULT_SIM_PASSWORD });
          try {
            expect(sampleOf((await execSim(c, runAgentCommand())).stdout).host).toBe(h.name);
          } finally {
            c.end();
          }
        }),
      );
      expect(started).toBeLessThan(3000);
    } finally {
      const t1 = performance.now();
      await big.stop();
      expect(performance.now() - t1).toBeLessThan(2000);
    }
    expect(big.stats().listening).toBe(0);
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect({ host: `${base}.1`, port: 2222 });
      s.once("connect", () => (s.destroy(), resolve("connected")));
      s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
    });
    expect(refused).toBe("ECONNREFUSED");
  });
});
