import { describe, expect, it } from "vitest";
import { ZAgentSample, type TAgentSample } from "../../server/agent/agent-sample.types";
import { HostModel, type HostFaults } from "./host-model";
import type { SimFault, SimFaultParams } from "./sim-types";

const T0 = Date.UTC(2026, 0, 1);
const none: HostFaults = new Map();
const faults = (...f: [SimFault, SimFaultParams?][]): HostFaults => new Map(f.map(([k, p]) => [k, p ?? {}]));
const total = (s: TAgentSample) => s.cpu.jiffies.reduce((a, b) => a + b, 0);
const busy = (s: TAgentSample) => total(s) - s.cpu.jiffies[3]!;

describe("HostModel", () => {
  it("produces valid samples that are the same for the same seed and differ across seeds", () => {
    const run = (seed: number) => {
      const m = new HostModel({ name: "h", address: "127.0.0.1", role: "standby", services: ["postgresql"] }, seed, T0);
      return [0, 5_000, 60_000].map((dt) => m.sample(T0 + dt, none, ["postgresql"]));
    };
    const a = run(1);
    for (const s of a) ZAgentSample.parse(s);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
  });

  it("advances cpu jiffies at 100 Hz per cpu with the busy share of the current cpu %", () => {
    const m = new HostModel({ name: "h", address: "127.0.0.1", baseline: { cpu: 20 } }, 3, T0);
    let prev = m.sample(T0, none, []);
    let shares = 0;
    for (let i = 1; i <= 60; i++) {
      const s = m.sample(T0 + i * 10_000, none, []);
      s.cpu.jiffies.forEach((j, k) => expect(j).toBeGreaterThanOrEqual(prev.cpu.jiffies[k]!));
      expect(s.net[0]!.rxBytes).toBeGreaterThan(prev.net[0]!.rxBytes);
      expect(s.net[0]!.txBytes).toBeGreaterThan(prev.net[0]!.txBytes);
      const dTotal = total(s) - total(prev);
      expect(Math.abs(dTotal - 100 * s.cpu.count * 10)).toBeLessThanOrEqual(8);
      shares += (busy(s) - busy(prev)) / dTotal;
      prev = s;
    }
    // Mean-reverting around the 20 % baseline.
    expect(shares / 60).toBeGreaterThan(0.1);
    expect(shares / 60).toBeLessThan(0.3);
    expect(prev.uptimeSec - m.sample(T0 + 600_000, none, []).uptimeSec).toBe(0);
  });

  it("stays within bounds after a long idle gap, without stepping every missed second", () => {
    const m = new HostModel({ name: "h", address: "127.0.0.1" }, 4, T0);
    const a = m.sample(T0, none, []);
    const started = performance.now();
    const b = m.sample(T0 + 30 * 86_400_000, none, []);
    expect(performance.now() - started).toBeLessThan(50);
    expect(total(b) - total(a)).toBeCloseTo(100 * a.cpu.count * 30 * 86_400, -3);
    expect(b.uptimeSec - a.uptimeSec).toBe(30 * 86_400);
  });

  it("shows faults: high cpu, full disk, degraded raid, lag, stopped service", () => {
    const m = new HostModel({ name: "db", address: "127.0.0.1", role: "primary", services: ["postgresql", "pgbouncer"] }, 5, T0);
    const a = m.sample(T0, none, []);
    const f = faults(["high-cpu"], ["disk-full", { mount: "/var/lib/postgresql" }], ["raid-degraded"], ["replication-lag"], ["service-stopped", { service: "pgbouncer" }]);
    const b = m.sample(T0 + 30_000, f, ["postgresql", "pgbouncer"]);
    expect((busy(b) - busy(a)) / (total(b) - total(a))).toBeGreaterThan(0.9);
    const data = b.disks.find((d) => d.mount === "/var/lib/postgresql")!;
    expect(data.usedKb / data.sizeKb).toBeGreaterThan(0.99);
    expect(b.disks.find((d) => d.mount === "/")!.usedKb / b.disks.find((d) => d.mount === "/")!.sizeKb).toBeLessThan(0.99);
    expect(b.raid).toEqual([{ name: "md0", level: "raid1", status: "U_", degraded: true }]);
    expect(b.replicationLagSec).toBe(120);
    expect(b.services).toEqual([{ name: "postgresql", state: "active" }, { name: "pgbouncer", state: "inactive" }]);
    expect(b.load[0]).toBeGreaterThan(a.load[0]);
  });
});
