import { describe, expect, it } from "vitest";
import type { FaultRecord, GroupView, OperationView, SimHostView } from "./model";
import { alertFired, alertsDue, falseFailover, lostOperations, serverErrorAllowed, splitBrains, stuckOperation, unresolvedAlerts } from "./invariants";

const host = (name: string, over: Partial<SimHostView> = {}): SimHostView => ({
  name,
  address: "127.0.0.1",
  port: 2222,
  serverId: `id-${name}`,
  role: "standby",
  site: "fra1",
  faults: [],
  power: "on",
  poweredOffBy: null,
  fenced: false,
  backends: null,
  ...over,
});
const group = (members: [string, "PRIMARY" | "STANDBY", string?][]): GroupView => ({
  id: "g",
  name: "pg-fra1",
  mode: "ACTIVE_PASSIVE",
  members: members.map(([name, role, adminState]) => ({ serverId: `id-${name}`, name, role, adminState: adminState ?? "IN_SERVICE", state: "UP" })),
});
const fault = (host: string, f: string, from: number, to: number | null, params: Record<string, unknown> = {}): FaultRecord => ({ id: from, step: 1, host, fault: f, params, from, to });
const T = Date.parse("2026-12-06T10:00:00Z");
const failover = (createdAt: number, initiator = "auto"): OperationView => ({
  id: "op1",
  kind: "FAILOVER",
  state: "SUCCEEDED",
  groupId: "g",
  initiator,
  reason: "automatic failover",
  createdAt: new Date(createdAt).toISOString(),
  startedAt: null,
  endedAt: null,
  steps: [{ index: 0, action: "fence", serverId: "id-a", state: "SUCCEEDED", timeoutMs: 30_000, startedAt: null, endedAt: null }],
});
const names = (id: string) => id.replace(/^id-/, "");

describe("splitBrains", () => {
  it("sees two primaries on the hosts, but not a fenced one or one that is off", () => {
    const g = group([["a", "PRIMARY"], ["b", "STANDBY"]]);
    expect(splitBrains([g], [host("a", { role: "primary" }), host("b", { role: "primary" })])).toHaveLength(1);
    expect(splitBrains([g], [host("a", { role: "primary", power: "off" }), host("b", { role: "primary" })])).toEqual([]);
    expect(splitBrains([g], [host("a", { role: "primary", fenced: true }), host("b", { role: "primary" })])).toEqual([]);
    expect(splitBrains([group([["a", "STANDBY", "FENCED"], ["b", "PRIMARY"]])], [host("a", { role: "primary" }), host("b", { role: "primary" })])).toEqual([]);
  });

  it("sees two PRIMARY members in Tandem's own view", () => {
    expect(splitBrains([group([["a", "PRIMARY"], ["b", "PRIMARY"]])], [host("a"), host("b")])[0]?.message).toMatch(/Tandem lists 2 primaries/);
  });
});

describe("falseFailover", () => {
  it("accepts a failover after the primary went down, hung, off, or its database stopped", () => {
    for (const f of ["down", "hang", "power-off", "service-stopped"]) expect(falseFailover(failover(T), [fault("a", f, T - 10_000, null)], [], names)).toBeNull();
    expect(falseFailover(failover(T), [], [{ host: "a", at: T - 5000 }], names)).toBeNull();
  });

  it("flags one where the peers still reached the primary (cutoff, slow) or the fault was long gone", () => {
    expect(falseFailover(failover(T), [fault("a", "cutoff", T - 10_000, null)], [], names)?.kind).toBe("false-failover");
    expect(falseFailover(failover(T), [fault("a", "slow", T - 10_000, null, { delayMs: 8000 })], [], names)?.message).toMatch(/slow/);
    expect(falseFailover(failover(T), [fault("a", "down", T - 600_000, T - 300_000)], [], names)).not.toBeNull();
    expect(falseFailover(failover(T), [fault("a", "service-stopped", T - 10_000, null, { service: "pgbouncer" })], [], names)).not.toBeNull();
  });

  it("judges only automatic failovers", () => {
    expect(falseFailover(failover(T, "admin@example.com"), [], [], names)).toBeNull();
  });
});

describe("stuckOperation", () => {
  const op = (startedAt: number, timeoutMs: number): OperationView => ({
    ...failover(T),
    state: "RUNNING",
    startedAt: new Date(startedAt).toISOString(),
    steps: [{ index: 0, action: "hook", serverId: null, state: "RUNNING", timeoutMs, startedAt: new Date(startedAt).toISOString(), endedAt: null }],
  });
  it("allows a step its timeout plus grace, and flags it after", () => {
    expect(stuckOperation(op(T, 30_000), T + 40_000)).toBeNull();
    expect(stuckOperation(op(T, 30_000), T + 60_000)?.kind).toBe("stuck-operation");
  });
  it("ignores operations that ended or wait for a person", () => {
    expect(stuckOperation({ ...op(T, 1000), state: "PAUSED" }, T + 999_999)).toBeNull();
  });
});

describe("lostOperations", () => {
  it("lists accepted operations that no longer exist", () => {
    expect(lostOperations([{ id: "x", step: 3, kind: "SWITCHOVER" }, { id: "y", step: 4, kind: "DRILL" }], new Set(["y"]))).toEqual([expect.objectContaining({ kind: "lost-operation", key: "x" })]);
  });
});

describe("alerts", () => {
  it("expects a host-down alert for a long enough down, not for a blip", () => {
    expect(alertsDue([fault("a", "down", T, T + 20_000)], [], [], T + 60_000)).toHaveLength(1);
    expect(alertsDue([fault("a", "down", T, T + 3_000)], [], [], T + 60_000)).toHaveLength(0);
  });
  it("does not expect a sample-based alert while the host was not answering, or across a restart", () => {
    const raid = fault("a", "raid-degraded", T, T + 30_000);
    expect(alertsDue([raid, fault("a", "down", T + 1000, T + 5000)], [], [], T + 60_000)).toHaveLength(0);
    expect(alertsDue([raid], [], [{ from: T + 5000, to: T + 9000 }], T + 60_000)).toHaveLength(0);
    expect(alertsDue([raid], [], [], T + 60_000)).toHaveLength(1);
  });
  it("expects a changed host key to be noticed unless the host took no connection the whole time", () => {
    const key = fault("a", "host-key-changed", T + 5000, T + 21_000);
    const keyDue = (faults: ReturnType<typeof fault>[]) => alertsDue(faults, [], [], T + 60_000).filter((d) => d.source === "host-key");
    expect(keyDue([key])).toHaveLength(1);
    expect(keyDue([key, fault("a", "cutoff", T, T + 26_000)])).toHaveLength(0);
    // Cut off for part of it only: the key could be seen once the link was back.
    expect(keyDue([key, fault("a", "cutoff", T, T + 10_000)])).toHaveLength(1);
  });
  it("counts an alert open during the fault, suppressed or not", () => {
    const due = { fault: fault("a", "raid-degraded", T, T + 30_000), source: "raid" };
    const alert = { id: "1", source: "raid", state: "RESOLVED", title: "RAID", server: { id: "id-a", name: "a" }, firstSeenAt: new Date(T + 3000).toISOString(), resolvedAt: new Date(T + 33_000).toISOString(), suppressed: true };
    expect(alertFired(due, [alert], T + 60_000)).toBe(true);
    expect(alertFired(due, [{ ...alert, server: { id: "id-b", name: "b" } }], T + 60_000)).toBe(false);
  });
  it("reports open fault alerts, not other kinds", () => {
    const base = { id: "1", state: "FIRING", title: "t", server: null, firstSeenAt: "", resolvedAt: null, suppressed: false };
    expect(unresolvedAlerts([{ ...base, source: "host-down" }, { ...base, source: "operation-failed" }])).toHaveLength(1);
  });
  it("leaves a flapping alert to its quiet period once its host answers, not before", () => {
    const a = { id: "1", state: "FIRING", title: "t", source: "host-down", server: { id: "s1", name: "a" }, firstSeenAt: "", resolvedAt: null, suppressed: false, flapping: true };
    expect(unresolvedAlerts([a], (id) => id === "s1")).toEqual([]);
    expect(unresolvedAlerts([a], () => false)).toHaveLength(1);
    expect(unresolvedAlerts([{ ...a, flapping: false }], () => true)).toHaveLength(1);
  });
});

describe("serverErrorAllowed", () => {
  it("allows a 503 while the database restarts, never a 500", () => {
    const outages = [{ from: T, to: T + 2000 }];
    expect(serverErrorAllowed({ status: 503, at: T + 1000 }, outages)).toBe(true);
    expect(serverErrorAllowed({ status: 500, at: T + 1000 }, outages)).toBe(false);
    expect(serverErrorAllowed({ status: 503, at: T + 60_000 }, outages)).toBe(false);
  });
});
