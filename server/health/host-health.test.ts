import { describe, expect, it } from "vitest";
import { applyOutcome, initialHealth, type HostHealth } from "./host-health";
import { DEFAULT_HEALTH_POLICY as policy, type PollOutcome } from "./health.types";
import type { TAgentSample } from "../agent/agent-sample.types";

const t0 = new Date("2026-11-26T12:00:00Z");
const at = (s: number) => new Date(t0.getTime() + s * 1000);

function sample(over: Partial<TAgentSample> = {}, busyJiffies = 0, s = 0): TAgentSample {
  return {
    v: 1, ts: 1, host: "h", kernel: "6.1", os: "Debian", uptimeSec: 1000 + s,
    cpu: { count: 2, jiffies: [1000 + busyJiffies, 0, 0, 10_000 + s * 200 - busyJiffies, 0, 0, 0, 0], running: 1 },
    load: [0.2, 0.1, 0.1], memKb: { total: 1000, available: 600, free: 500, buffers: 0, cached: 0 }, swapKb: { total: 0, free: 0 },
    disks: [{ mount: "/", fs: "/dev/sda1", sizeKb: 100, usedKb: 40, availKb: 60 }], net: [{ if: "eth0", rxBytes: 1000 * s, txBytes: 500 * s }],
    raid: [], services: [], updates: null, rebootRequired: false, replicationLagSec: null, ...over,
  };
}
const ok = (s: number, over: Partial<TAgentSample> = {}, busy = 0): PollOutcome => ({ ok: true, at: at(s), sample: sample(over, busy, s), latencyMs: 1 });
const fail = (s: number, kind: "connect" | "timeout" | "host-key" | "pin" | "agent" | "local" = "connect"): PollOutcome => ({
  ok: false,
  at: at(s),
  kind,
  message: kind === "agent" ? "invalid JSON" : kind === "local" ? "not polled: Tandem could not open a connection: EMFILE" : "connection refused",
});

function run(outcomes: PollOutcome[], h: HostHealth = initialHealth(t0)) {
  const states: string[] = [];
  for (const o of outcomes) {
    const r = applyOutcome(h, o, policy);
    h = r.health;
    states.push(h.state);
  }
  return { h, states };
}

describe("host health", () => {
  it("is UNKNOWN until the first answer, then UP", () => {
    expect(initialHealth(t0).state).toBe("UNKNOWN");
    expect(run([ok(0)]).states).toEqual(["UP"]);
  });

  it("is UNKNOWN, never DOWN, while Tandem's own machine fails (out of files): the server is not blamed", () => {
    const { states, h } = run([ok(0), fail(5, "local"), fail(10, "local"), fail(15, "local"), fail(20, "local")]);
    expect(states).toEqual(["UP", "UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN"]);
    expect(h.reason).toMatch(/Tandem could not open a connection: EMFILE/);
    expect(h.failures).toBe(0);
    // Real failures afterwards count from where the server's own record was.
    expect(run([fail(25)], h).states).toEqual(["UNREACHABLE"]);
    expect(run([ok(25)], h).states).toEqual(["UP"]);
  });

  it("is UNREACHABLE on a failed poll and DOWN only after downAfter in a row", () => {
    const { states, h } = run([ok(0), fail(5), fail(10), fail(15), fail(20)]);
    expect(states).toEqual(["UP", "UNREACHABLE", "UNREACHABLE", "DOWN", "DOWN"]);
    expect(h.since).toEqual(at(15));
    expect(h.lastGoodAt).toEqual(at(0));
    expect(h.reason).toMatch(/3\/3 failed polls/);
  });

  it("one good poll between failures resets the count (no flapping to DOWN)", () => {
    expect(run([ok(0), fail(5), fail(10), ok(15), fail(20), fail(25)]).states).toEqual(["UP", "UNREACHABLE", "UNREACHABLE", "UNREACHABLE", "UNREACHABLE", "UNREACHABLE"]);
  });

  it("needs riseAfter good polls before a DOWN host is UP again", () => {
    const { states } = run([ok(0), fail(5), fail(10), fail(15), ok(20), ok(25), ok(30)]);
    expect(states).toEqual(["UP", "UNREACHABLE", "UNREACHABLE", "DOWN", "DOWN", "UP", "UP"]);
  });

  it("is DEGRADED with the reasons when thresholds are breached, UP when they clear", () => {
    const full = { disks: [{ mount: "/var", fs: "/dev/sdb", sizeKb: 100, usedKb: 97, availKb: 3 }] };
    const { h, states } = run([ok(0), ok(5, full), ok(10, { raid: [{ name: "md0", level: "raid1", status: "U_", degraded: true }], services: [{ name: "nginx", state: "failed" }] })]);
    expect(states).toEqual(["UP", "DEGRADED", "DEGRADED"]);
    expect(h.reason).toBe("RAID md0 degraded; service nginx not active");
    expect(run([ok(0, full)]).h.reason).toBe("disk /var 97% ≥ 90%");
  });

  it("computes cpu from jiffy deltas, and flags high cpu", () => {
    // 10 s at 2 cpus = 2000 jiffies; 1900 busy -> 95 %.
    const { h } = run([ok(0), ok(10, {}, 1900)]);
    expect(h.metrics?.cpuPct).toBe(95);
    expect(h.state).toBe("DEGRADED");
    expect(h.metrics?.netRxBps).toBe(1000);
  });

  it("reports invalid agent output as AGENT_ERROR, which is neither up nor down", () => {
    const { states, h } = run([ok(0), fail(5, "agent"), fail(10, "agent"), fail(15, "agent"), fail(20, "agent")]);
    expect(states).toEqual(["UP", "AGENT_ERROR", "AGENT_ERROR", "AGENT_ERROR", "AGENT_ERROR"]);
    expect(h.reason).toBe("invalid JSON");
  });

  it("a changed host key holds at UNREACHABLE, never DOWN", () => {
    expect(run([ok(0), fail(5, "host-key"), fail(10, "host-key"), fail(15, "host-key"), fail(20, "host-key")]).states.at(-1)).toBe("UNREACHABLE");
  });

  it("a host key not yet stored is UNREACHABLE, never UP nor DOWN", () => {
    const { states } = run([fail(0, "pin"), fail(5, "pin"), fail(10, "pin"), fail(15, "pin")]);
    expect(states).toEqual(["UNREACHABLE", "UNREACHABLE", "UNREACHABLE", "UNREACHABLE"]);
  });

  it("reports only real transitions", () => {
    let h = initialHealth(t0);
    const transitions = [ok(0), ok(5), fail(10), fail(15), fail(20)].map((o) => {
      const r = applyOutcome(h, o, policy);
      h = r.health;
      return r.transition && `${r.transition.from}->${r.transition.to}`;
    });
    expect(transitions).toEqual(["UNKNOWN->UP", null, "UP->UNREACHABLE", null, "UNREACHABLE->DOWN"]);
  });
});
