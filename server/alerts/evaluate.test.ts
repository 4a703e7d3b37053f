import { describe, expect, it } from "vitest";
import { initialHealth, type HostHealth } from "../health/host-health";
import type { THostMetrics } from "../health/health.types";
import { applicableRules, evaluateServer, HoldTracker, serverScopeFacts, type RuleView, type SubjectFacts } from "./evaluate";
import { scopeMatches as matchScope } from "./scope";

const scopeMatches = (scope: Parameters<typeof matchScope>[0], f: SubjectFacts) => matchScope(scope, serverScopeFacts(f));

const server: SubjectFacts = { id: "00000000-0000-4000-8000-000000000001", name: "db-1", siteId: "site-fra", tags: ["db", "prod"], groupIds: ["g1"] };
const rule = (r: Partial<RuleView> & Pick<RuleView, "source">): RuleView => ({ id: `${r.source}-${r.name ?? "default"}`, name: r.name ?? "default", severity: "WARNING", threshold: null, forSeconds: 0, scope: {}, ...r });
const metrics = (m: Partial<THostMetrics> = {}): THostMetrics => ({
  cpuPct: 10, memPct: 20, swapPct: 0, load1: 0.5, load5: 0.5, load15: 0.5, cpuCount: 4, diskPct: 40, diskMount: "/", netRxBps: 0, netTxBps: 0, lagSec: null, uptimeSec: 100, raidDegraded: [], servicesDown: [], ...m,
});
const health = (state: HostHealth["state"], since: number, m?: THostMetrics): HostHealth => ({ ...initialHealth(new Date(since), state, new Date(since)), metrics: m ?? null });

function signals(rules: RuleView[], h: HostHealth, now: number, holds = new HoldTracker()) {
  return Object.fromEntries(evaluateServer(server, h, applicableRules(rules, (s) => scopeMatches(s, server)), holds, now).map((s) => [s.key.split(":")[0], s]));
}

describe("rule scopes", () => {
  it("matches by site, tag, group and server; empty lists match all", () => {
    expect(scopeMatches({}, server)).toBe(true);
    expect(scopeMatches({ siteIds: ["site-fra"] }, server)).toBe(true);
    expect(scopeMatches({ siteIds: ["site-ams"] }, server)).toBe(false);
    expect(scopeMatches({ tags: ["web", "db"] }, server)).toBe(true);
    expect(scopeMatches({ groupIds: ["g2"] }, server)).toBe(false);
    expect(scopeMatches({ siteIds: ["site-fra"], tags: ["web"] }, server)).toBe(false);
  });

  it("a scoped rule replaces the defaults of its source for the servers it covers (quieter as well as stricter)", () => {
    const rules = [rule({ source: "cpu", threshold: 90 }), rule({ source: "cpu", name: "batch", threshold: 100, scope: { tags: ["db"] } })];
    const s = signals(rules, health("UP", 0, metrics({ cpuPct: 95 })), 0);
    expect(s.cpu!.active).toBe(false);
  });
});

describe("evaluating a server", () => {
  it("host state: DOWN fires at once, UNREACHABLE only once held, one key for both (it escalates)", () => {
    const rules = [rule({ source: "host-down", severity: "CRITICAL" }), rule({ source: "host-unreachable", forSeconds: 60 })];
    expect(signals(rules, health("UNREACHABLE", 0), 30_000).host!.active).toBe(false);
    const held = signals(rules, health("UNREACHABLE", 0), 60_000).host!;
    expect(held).toMatchObject({ active: true, severity: "WARNING", title: "db-1 is UNREACHABLE" });
    expect(signals(rules, health("DOWN", 0), 0).host).toMatchObject({ key: `host:${server.id}`, active: true, severity: "CRITICAL", source: "host-down" });
    expect(signals(rules, health("UP", 0, metrics()), 0).host!.active).toBe(false);
  });

  it("a threshold fires only when held for its duration, and resets when it dips below", () => {
    const holds = new HoldTracker();
    const rules = [rule({ source: "cpu", threshold: 90, forSeconds: 300 })];
    const hot = health("DEGRADED", 0, metrics({ cpuPct: 97 }));
    expect(signals(rules, hot, 0, holds).cpu!.active).toBe(false);
    expect(signals(rules, hot, 299_000, holds).cpu!.active).toBe(false);
    expect(signals(rules, hot, 300_000, holds).cpu).toMatchObject({ active: true, title: "db-1: cpu ≥ 90% for 5 min" });
    expect(signals(rules, health("UP", 0, metrics({ cpuPct: 50 })), 301_000, holds).cpu!.active).toBe(false);
    expect(signals(rules, hot, 302_000, holds).cpu!.active).toBe(false);
  });

  it("the most severe rule that holds sets the severity of the one alert", () => {
    const rules = [rule({ source: "disk", name: "almost", threshold: 90 }), rule({ source: "disk", name: "full", threshold: 97, severity: "CRITICAL" })];
    expect(signals(rules, health("UP", 0, metrics({ diskPct: 93 })), 0).disk!.severity).toBe("WARNING");
    expect(signals(rules, health("UP", 0, metrics({ diskPct: 98 })), 0).disk!.severity).toBe("CRITICAL");
  });

  it("RAID, services, lag and load", () => {
    const rules = [rule({ source: "raid", severity: "CRITICAL" }), rule({ source: "service" }), rule({ source: "replication-lag", threshold: 30 }), rule({ source: "load", threshold: 2 })];
    const s = signals(rules, health("DEGRADED", 0, metrics({ raidDegraded: ["md0"], servicesDown: ["nginx"], lagSec: 45, load1: 9, cpuCount: 4 })), 0);
    expect(s.raid).toMatchObject({ active: true, title: "db-1: RAID md0 degraded" });
    expect(s.service).toMatchObject({ active: true, title: "db-1: service nginx stopped" });
    expect(s.lag!.active).toBe(true);
    expect(s.load!.active).toBe(true);
  });

  it("says nothing about metrics while the host does not answer (they are stale)", () => {
    const rules = [rule({ source: "cpu", threshold: 90 })];
    const s = signals(rules, health("DOWN", 0, metrics({ cpuPct: 99 })), 0);
    expect(s.cpu).toBeUndefined();
    expect(s.host!.active).toBe(false);
  });
});
