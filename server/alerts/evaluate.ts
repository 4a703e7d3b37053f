// Rules applied to what monitoring knows, pure (the clock is a parameter):
// for one server's latest health, or one group's redundancy, the signal of
// each alert key: active or not, and if active with which severity and title.
// Several rules may watch the same thing (a default and a stricter one for a
// tag): the most severe one that holds wins, so one key is one alert.
import type { HostHealth } from "../health/host-health";
import type { THostMetrics } from "../health/health.types";
import type { GroupRedundancy } from "../groups/redundancy";
import { severityRank, type TAlertSource, type TScope, type TSeverity } from "./alerts.types";
import type { ScopeFacts } from "./scope";

export type RuleView = {
  id: string;
  name: string;
  source: TAlertSource;
  severity: TSeverity;
  threshold: number | null;
  forSeconds: number;
  scope: TScope;
};

/** What scopes are matched against. */
export type SubjectFacts = { id: string; name: string; siteId: string | null; tags: string[]; groupIds: string[] };

export type Signal = {
  key: string;
  source: TAlertSource;
  active: boolean;
  /** Events never clear by themselves. */
  event: boolean;
  severity: TSeverity;
  title: string;
  details: Record<string, unknown>;
  ruleId: string | null;
  serverId: string | null;
  groupId: string | null;
  operationId: string | null;
  /** Why the condition ended, when the source knows better than "condition cleared". */
  clearedBecause?: string;
};

const isEmpty = (s: TScope) => !s.siteIds?.length && !s.groupIds?.length && !s.serverIds?.length && !s.tags?.length;

/** A server's facts as a scope sees them. */
export const serverScopeFacts = (f: SubjectFacts): ScopeFacts => ({ serverId: f.id, siteId: f.siteId, tags: f.tags, groupIds: f.groupIds });

/** Per source, the rules that apply: scoped rules matching the subject replace the unscoped defaults (so a tag can be made quieter as well as stricter). */
export function applicableRules(rules: RuleView[], matches: (scope: TScope) => boolean): Map<TAlertSource, RuleView[]> {
  const scoped = new Map<TAlertSource, RuleView[]>();
  const general = new Map<TAlertSource, RuleView[]>();
  for (const r of rules) {
    const into = isEmpty(r.scope) ? general : matches(r.scope) ? scoped : null;
    if (!into) continue;
    const list = into.get(r.source) ?? [];
    list.push(r);
    into.set(r.source, list);
  }
  for (const [source, list] of scoped) general.set(source, list);
  return general;
}

/** Remembers since when a raw condition has been true, per rule and subject, to tell "held for N s". */
export class HoldTracker {
  private since = new Map<string, number>();

  held(id: string, raw: boolean, now: number, forSeconds: number): boolean {
    if (!raw) {
      this.since.delete(id);
      return false;
    }
    let from = this.since.get(id);
    if (from === undefined) {
      from = now;
      this.since.set(id, from);
    }
    return now - from >= forSeconds * 1000;
  }
}

type Candidate = { rule: RuleView; title: string; details: Record<string, unknown> };

function strongest(cands: Candidate[]): Candidate | null {
  let best: Candidate | null = null;
  for (const c of cands) if (!best || severityRank[c.rule.severity] > severityRank[best.rule.severity]) best = c;
  return best;
}

function keySignal(key: string, source: TAlertSource, best: Candidate | null, subject: Pick<Signal, "serverId" | "groupId">): Signal {
  return {
    key,
    source: best?.rule.source ?? source,
    active: best !== null,
    event: false,
    severity: best?.rule.severity ?? "INFO",
    title: best?.title ?? "",
    details: best?.details ?? {},
    ruleId: best?.rule.id ?? null,
    serverId: subject.serverId,
    groupId: subject.groupId,
    operationId: null,
  };
}

const HOST_SOURCES = { "host-down": "DOWN", "host-unreachable": "UNREACHABLE", "agent-error": "AGENT_ERROR" } as const;

type MetricCheck = { source: TAlertSource; key: string; test(m: THostMetrics, r: RuleView): string | null };
const pct = (v: number | null) => (v === null ? "?" : `${Math.round(v)}%`);
const METRIC_CHECKS: MetricCheck[] = [
  { source: "cpu", key: "cpu", test: (m, r) => (m.cpuPct !== null && m.cpuPct >= r.threshold! ? `CPU ${pct(m.cpuPct)}` : null) },
  { source: "memory", key: "memory", test: (m, r) => (m.memPct >= r.threshold! ? `memory ${pct(m.memPct)}` : null) },
  { source: "disk", key: "disk", test: (m, r) => (m.diskPct !== null && m.diskPct >= r.threshold! ? `disk ${m.diskMount ?? ""} ${pct(m.diskPct)}` : null) },
  { source: "load", key: "load", test: (m, r) => (m.cpuCount > 0 && m.load1 / m.cpuCount >= r.threshold! ? `load ${m.load1} on ${m.cpuCount} CPU` : null) },
  { source: "replication-lag", key: "lag", test: (m, r) => (m.lagSec !== null && m.lagSec >= r.threshold! ? `replication lag ${m.lagSec}s` : null) },
  { source: "raid", key: "raid", test: (m) => (m.raidDegraded.length ? `RAID ${m.raidDegraded.join(", ")} degraded` : null) },
  { source: "service", key: "service", test: (m) => (m.servicesDown.length ? `service ${m.servicesDown.join(", ")} stopped` : null) },
];

function heldFor(r: RuleView): string {
  return r.forSeconds >= 60 ? ` for ${Math.round(r.forSeconds / 60)} min` : r.forSeconds > 0 ? ` for ${r.forSeconds}s` : "";
}

function thresholdText(r: RuleView): string {
  if (r.threshold === null) return "";
  const unit = r.source === "load" ? " per CPU" : r.source === "replication-lag" ? "s" : "%";
  return ` ≥ ${r.threshold}${unit}`;
}

/** Keys of one server, from its health after a poll. Metric keys are left alone (no signal) while the host does not answer: its last metrics are stale. */
export function evaluateServer(f: SubjectFacts, h: HostHealth, rules: Map<TAlertSource, RuleView[]>, holds: HoldTracker, now: number): Signal[] {
  const subject = { serverId: f.id, groupId: null };
  const out: Signal[] = [];

  const hostCands: Candidate[] = [];
  for (const [source, state] of Object.entries(HOST_SOURCES) as [TAlertSource, string][]) {
    for (const r of rules.get(source) ?? []) {
      // Held since the state began (persisted across restarts), not since Tandem noticed.
      if (h.state === state && now - h.since.getTime() >= r.forSeconds * 1000) {
        hostCands.push({ rule: r, title: `${f.name} is ${state}`, details: { state, reason: h.reason, since: h.since.toISOString(), rule: r.name } });
      }
    }
  }
  out.push(keySignal(`host:${f.id}`, "host-down", strongest(hostCands), subject));

  if ((h.state !== "UP" && h.state !== "DEGRADED") || !h.metrics) return out;
  const m = h.metrics;
  for (const c of METRIC_CHECKS) {
    const cands: Candidate[] = [];
    for (const r of rules.get(c.source) ?? []) {
      if (r.threshold === null && (c.source !== "raid" && c.source !== "service")) continue;
      const what = c.test(m, r);
      if (holds.held(`${r.id}:${f.id}`, what !== null, now, r.forSeconds) && what) {
        cands.push({ rule: r, title: `${f.name}: ${c.source === "raid" || c.source === "service" ? what : `${c.source === "replication-lag" ? "replication lag" : c.source}${thresholdText(r)}${heldFor(r)}`}`, details: { observed: what, rule: r.name, threshold: r.threshold, forSeconds: r.forSeconds } });
      }
    }
    out.push(keySignal(`${c.key}:${f.id}`, c.source, strongest(cands), subject));
  }
  return out;
}

export type GroupFacts = { id: string; name: string; siteIds: string[]; tags: string[]; memberIds: string[] };

/** A group's redundancy key: at risk or broken, held as its rules ask. */
export function evaluateGroup(g: GroupFacts, red: GroupRedundancy, rules: Map<TAlertSource, RuleView[]>, holds: HoldTracker, now: number): Signal {
  const cands: Candidate[] = [];
  for (const r of [...(rules.get("group-at-risk") ?? []), ...(rules.get("group-broken") ?? [])]) {
    const raw = r.source === "group-broken" ? red.state === "BROKEN" : red.state === "AT_RISK";
    if (holds.held(`${r.id}:${g.id}`, raw, now, r.forSeconds)) {
      cands.push({
        rule: r,
        title: `${g.name} is ${red.state === "BROKEN" ? "BROKEN" : "AT RISK"}: ${red.inService} in service, minimum ${red.minHealthy}`,
        details: { state: red.state, inService: red.inService, minHealthy: red.minHealthy, unavailable: red.unavailable, rule: r.name },
      });
    }
  }
  return keySignal(`group:${g.id}`, "group-at-risk", strongest(cands), { serverId: null, groupId: g.id });
}

/** A group matches a scope when some member does (its sites, tags and servers are its members'). */
export function groupScopeMatches(scope: TScope, g: GroupFacts): boolean {
  if (scope.groupIds?.length && !scope.groupIds.includes(g.id)) return false;
  if (scope.siteIds?.length && !scope.siteIds.some((s) => g.siteIds.includes(s))) return false;
  if (scope.tags?.length && !scope.tags.some((t) => g.tags.includes(t))) return false;
  if (scope.serverIds?.length && !scope.serverIds.some((s) => g.memberIds.includes(s))) return false;
  return true;
}
