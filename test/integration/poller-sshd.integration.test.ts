// The poller against a real OpenSSH server: it installs the agent over the
// connection, streams or execs it, validates every sample, pins the host key on
// first sight, refuses a changed key, and confirms DOWN only after the
// hysteresis when the server goes away.
import { existsSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSshd, sshdAvailable, type TestSshd } from "./sshd";
import { HostPoller } from "../../server/poller/host-poller";
import { Semaphore } from "../../server/poller/semaphore";
import { HealthEngine } from "../../server/health/health-engine";
import { DEFAULT_HEALTH_POLICY, type PollOutcome } from "../../server/health/health.types";
import type { PollTarget } from "../../server/poller/poll-target";
import { createLogger } from "../../server/lib/logger";

const tandemDir = path.join(homedir(), ".tandem");
const hadTandemDir = existsSync(tandemDir);
let sshd: TestSshd;

beforeAll(async () => {
  sshd = await startSshd();
}, 30_000);
afterAll(async () => {
  await sshd?.stop();
  if (!hadTandemDir) rmSync(tandemDir, { recursive: true, force: true });
});

function target(over: Partial<PollTarget> = {}): PollTarget {
  return {
    id: "0190a3c4-0000-7000-8000-000000000001",
    name: "real-sshd",
    address: sshd.host,
    port: sshd.port,
    credential: { username: sshd.username, privateKey: sshd.privateKey },
    hostKeyFingerprint: null,
    intervalMs: 1000,
    agentMode: "STREAM",
    services: [],
    lagProbe: null,
    version: "1",
    ...over,
  };
}

function harness(t: PollTarget) {
  const outcomes: PollOutcome[] = [];
  const pinned: string[] = [];
  const engine = new HealthEngine(DEFAULT_HEALTH_POLICY);
  const poller = new HostPoller(t, {
    report: (id, o) => {
      outcomes.push(o);
      engine.apply(id, o);
    },
    pinHostKey: async (_id, fp) => void pinned.push(fp),
    pinWaitMs: 5000,
    connectSlots: new Semaphore(4),
    log: createLogger({ level: "error" }),
    connectTimeoutMs: 5000,
    graceMs: 1500,
    maxBackoffMs: 5000,
  });
  const until = async (pred: () => boolean, ms = 15_000) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out; outcomes: ${JSON.stringify(outcomes.slice(-3))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { outcomes, pinned, engine, poller, until, state: () => engine.hosts.get(t.id)?.state };
}

describe.runIf(sshdAvailable())("poller against a real sshd", () => {
  it("streams: installs the agent, pins the key on first sight, and reports UP with real samples", async () => {
    rmSync(tandemDir, { recursive: true, force: true });
    const h = harness(target());
    h.poller.start();
    try {
      await h.until(() => h.outcomes.filter((o) => o.ok).length >= 2);
      expect(h.pinned).toEqual([sshd.hostKeyFingerprint]);
      // This machine's real load may cross a threshold (DEGRADED); either way it answers.
      expect(["UP", "DEGRADED"]).toContain(h.state());
      const ok = h.outcomes.filter((o): o is Extract<PollOutcome, { ok: true }> => o.ok);
      expect(ok[0]!.sample.memKb.total).toBeGreaterThan(0);
      expect(h.engine.hosts.get(target().id)!.metrics!.cpuPct).not.toBeNull(); // two samples: a rate
      expect(existsSync(tandemDir)).toBe(true);
    } finally {
      h.poller.stop();
    }
  });

  it("execs per poll as the fallback mode", async () => {
    const h = harness(target({ agentMode: "EXEC", hostKeyFingerprint: sshd.hostKeyFingerprint }));
    h.poller.start();
    try {
      await h.until(() => h.outcomes.filter((o) => o.ok).length >= 2);
      expect(h.pinned).toEqual([]);
      expect(h.outcomes.every((o) => o.ok)).toBe(true);
    } finally {
      h.poller.stop();
    }
  });

  it("refuses a host whose key differs from the pin, and never calls it DOWN", async () => {
    const h = harness(target({ hostKeyFingerprint: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }));
    h.poller.start();
    try {
      await h.until(() => h.outcomes.length >= 4);
      expect(h.outcomes.every((o) => !o.ok && o.kind === "host-key")).toBe(true);
      expect(h.state()).toBe("UNREACHABLE");
      expect(h.engine.hosts.get(target().id)!.reason).toMatch(/host key changed: expected SHA256:A+, got SHA256:/);
    } finally {
      h.poller.stop();
    }
  });
});
