// Feeds the alert manager from the rest of Tandem: every poll's health (host
// state, thresholds, RAID, lag, services), changed host keys, each group's
// redundancy (every few seconds), operations that fail or pause, and the
// automatic failover's decisions. What a subject is (site, tags, groups) is
// re-read from the database every few seconds for the rules' scopes.
import type { Db } from "../db/client";
import type { Logger } from "../lib/logger";
import { intervalLoop, type Loop } from "../lib/interval-loop";
import type { HealthEngine, HostSampled } from "../health/health-engine";
import { evaluateRedundancy, type MemberView } from "../groups/redundancy";
import type { TOperationStateEvent } from "../operations/operation.types";
import type { AutoDecision } from "../failover/auto-failover";
import { severityRank, type TAlertSource, type TSeverity } from "./alerts.types";
import { applicableRules, evaluateGroup, evaluateServer, groupScopeMatches, HoldTracker, serverScopeFacts, type GroupFacts, type RuleView, type Signal, type SubjectFacts } from "./evaluate";
import type { AlertManager } from "./alert-manager";
import { criticalServiceNames } from "../groups/critical-services";
import type { RoleClaim } from "../failover/fenced-watch";
import { scopeMatches } from "./scope";

export type AlertSources = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Re-reads servers and groups now (tests; the loop does it every few seconds). */
  refresh(): Promise<void>;
  /** Judges every group's redundancy now. */
  evaluateGroups(): Promise<void>;
  onOperationState(e: TOperationStateEvent): void;
  onAutoDecision(d: AutoDecision): void;
  onDrillMissed(m: { scheduleId: string; groupId: string; count: number; first: Date; last: Date }): void;
  /** A fenced member's role probe (fenced-watch.ts): claiming primary is a condition that lasts until it stops. */
  onRoleClaim(c: RoleClaim): void;
  /** A Tandem node of the cluster stopped its heartbeat (lost) or is back (cluster/node-watch.ts): a condition. */
  onNodeState(n: { name: string; lost: boolean; detail: string }): void;
};

type GroupRow = GroupFacts & {
  mode: "ACTIVE_PASSIVE" | "ACTIVE_ACTIVE";
  minHealthy: number;
  maxLagSec: number | null;
  criticalServices: Set<string>;
  members: (Omit<MemberView, "hostState"> & { persistedState: MemberView["hostState"] })[];
};

const FAILED_STATES = new Set(["FAILED", "ROLLED_BACK"]);
const ENDED_STATES = ["SUCCEEDED", "FAILED", "ABORTED", "ROLLED_BACK"] as const;
const isEnded = (state: string) => (ENDED_STATES as readonly string[]).includes(state);
/** The alert "automatic failover of … started" lasts as long as its operation runs. */
const startedKey = (operationId: string) => `failover:${operationId}`;
const ENDED_REMEMBERED = 1000;

export function createAlertSources(deps: { db: Db; manager: AlertManager; health: HealthEngine; log: Logger; clock?: () => Date; groupEveryMs?: number; factsEveryMs?: number }): AlertSources {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log.child({ component: "alert-sources" });
  const holds = new HoldTracker();
  let servers = new Map<string, SubjectFacts>();
  let groups = new Map<string, GroupRow>();
  // Rules per server, recomputed when the rules or the facts change.
  let applicable = new Map<string, Map<TAlertSource, RuleView[]>>();
  let rulesSeen: RuleView[] | null = null;
  const pending = new Set<Promise<unknown>>();
  // Operations that ended, and how: a fast failover can end before its "started" decision arrives.
  const ended = new Map<string, string>();

  const rulesFor = (id: string, f: SubjectFacts) => {
    const rules = deps.manager.rules();
    if (rules !== rulesSeen) {
      applicable = new Map();
      rulesSeen = rules;
    }
    let r = applicable.get(id);
    if (!r) {
      r = applicableRules(rules, (scope) => scopeMatches(scope, serverScopeFacts(f)));
      applicable.set(id, r);
    }
    return r;
  };
  const groupRules = (g: GroupFacts) => applicableRules(deps.manager.rules(), (scope) => groupScopeMatches(scope, g));

  async function refresh(): Promise<void> {
    const [serverRows, groupRows] = await Promise.all([
      // Plain SQL: Prisma's mapping of the memberships relation for 10,000 servers held the event loop for 100-200 ms every 10 s.
      deps.db.$queryRaw<{ id: string; name: string; siteId: string | null; tags: string[]; groupIds: string[] }[]>`
        SELECT s.id, s.name, s."siteId", s.tags, coalesce(array_agg(m."groupId"::text) FILTER (WHERE m."groupId" IS NOT NULL), '{}') AS "groupIds"
        FROM "Server" s LEFT JOIN "GroupMember" m ON m."serverId" = s.id GROUP BY s.id`,
      deps.db.redundancyGroup.findMany({
        select: {
          id: true,
          name: true,
          mode: true,
          minHealthy: true,
          maxReplicationLagSeconds: true,
          criticalServices: true,
          members: { select: { serverId: true, role: true, adminState: true, server: { select: { name: true, siteId: true, tags: true, state: true } } } },
        },
      }),
    ]);
    servers = new Map(serverRows.map((s) => [s.id, s]));
    groups = new Map(
      groupRows.map((g) => [
        g.id,
        {
          id: g.id,
          name: g.name,
          mode: g.mode,
          minHealthy: g.minHealthy,
          siteIds: [...new Set(g.members.map((m) => m.server.siteId).filter((s): s is string => s !== null))],
          tags: [...new Set(g.members.flatMap((m) => m.server.tags))],
          memberIds: g.members.map((m) => m.serverId),
          maxLagSec: g.maxReplicationLagSeconds,
          criticalServices: new Set(criticalServiceNames(g.criticalServices)),
          members: g.members.map((m) => ({ serverId: m.serverId, name: m.server.name, role: m.role, adminState: m.adminState, siteId: m.server.siteId, persistedState: m.server.state })),
        },
      ]),
    );
    applicable = new Map();
  }

  function onSampled({ serverId, health }: HostSampled): void {
    const f = servers.get(serverId);
    if (!f) return;
    const now = clock().getTime();
    for (const s of evaluateServer(f, health, rulesFor(serverId, f), holds, now)) deps.manager.signal(s);
    // A host that answers again (after its key was re-pinned) clears the host key alert.
    if (health.state === "UP" || health.state === "DEGRADED") deps.manager.signal({ ...blank(`hostkey:${serverId}`, "host-key"), serverId });
  }

  function onHostKeyChanged(e: { serverId: string; message: string; at: Date }): void {
    const f = servers.get(e.serverId);
    if (!f) return;
    const rule = strongest(rulesFor(e.serverId, f).get("host-key"));
    if (!rule) return;
    deps.manager.signal({
      ...blank(`hostkey:${e.serverId}`, "host-key"),
      active: true,
      severity: rule.severity,
      title: `${f.name}: SSH host key changed; Tandem refuses to connect`,
      details: { message: e.message, rule: rule.name, what: "If the server was reinstalled, re-pin its key on the server page; otherwise treat it as an attack." },
      ruleId: rule.id,
      serverId: e.serverId,
    });
  }

  async function evaluateGroups(): Promise<void> {
    const now = clock().getTime();
    for (const g of groups.values()) {
      const members: MemberView[] = g.members.map((m) => {
        const h = deps.health.hosts.get(m.serverId);
        return {
          ...m,
          hostState: h?.state ?? m.persistedState,
          lagSec: h?.metrics?.lagSec ?? null,
          criticalServicesDown: (h?.metrics?.servicesDown ?? []).filter((s) => g.criticalServices.has(s)),
          // Maintenance windows hold the group's alerts themselves (holds); counting stays as the members are.
        };
      });
      const red = evaluateRedundancy(g.mode, g.minHealthy, members, { maxLagSec: g.maxLagSec });
      deps.manager.signal(evaluateGroup(g, red, groupRules(g), holds, now));
    }
  }

  /** An event about a group (failover, operation): the strongest enabled rule of the source that covers the group, or none. */
  function groupEvent(source: TAlertSource, groupId: string | null, key: string, make: (groupName: string) => Pick<Signal, "title" | "details" | "operationId">, opts: { event: boolean }): Signal | null {
    const g = groupId ? groups.get(groupId) : undefined;
    const rules = g ? groupRules(g).get(source) : deps.manager.rules().filter((r) => r.source === source);
    const rule = strongest(rules);
    if (!rule) return null;
    return { ...blank(key, source), ...make(g?.name ?? "(no group)"), active: true, event: opts.event, severity: rule.severity, ruleId: rule.id, groupId: g ? groupId : null };
  }

  function track(p: Promise<unknown>): void {
    pending.add(p);
    void p.catch((e: unknown) => log.error("alert source failed", { err: e as Error })).finally(() => pending.delete(p));
  }

  function endStarted(operationId: string, state: string): void {
    deps.manager.signal({ ...blank(startedKey(operationId), "failover-performed"), operationId, clearedBecause: `the failover ended: ${state.toLowerCase().replace("_", " ")}` });
  }

  const onOperationState = (e: TOperationStateEvent) =>
    track(
      (async () => {
        const key = `operation:${e.operationId}`;
        if (isEnded(e.state)) {
          ended.set(e.operationId, e.state);
          if (ended.size > ENDED_REMEMBERED) ended.delete(ended.keys().next().value!);
          // "Started" has ended, whatever the outcome; the outcome's own alert (failed) carries on.
          endStarted(e.operationId, e.state);
        }
        if (e.state !== "PAUSED" && !FAILED_STATES.has(e.state)) {
          // Resumed, succeeded or aborted: a pause alert (if any) clears. A failure stays until an operator closes it.
          deps.manager.signal({ ...blank(key, "operation-paused"), operationId: e.operationId });
          return;
        }
        const op = await deps.db.operation.findUnique({ where: { id: e.operationId }, select: { kind: true, groupId: true, initiator: true, outcome: true, currentStep: true } });
        if (!op) return;
        const kind = op.kind.toLowerCase();
        const failed = FAILED_STATES.has(e.state);
        // An operator pausing a rollout is not trouble; a rollout that paused itself is.
        if (!failed && op.kind === "ROLLOUT" && op.outcome?.startsWith("paused by")) return;
        const s = groupEvent(
          failed ? "operation-failed" : "operation-paused",
          op.groupId,
          key,
          (group) => ({
            title: failed ? failedTitle(op.kind, group, e.state, op.outcome) : op.kind === "ROLLOUT" ? "Rollout paused: waiting for an operator" : `${cap(kind)} of ${group} paused: waiting for an operator`,
            details: { operationId: e.operationId, kind: op.kind, state: e.state, outcome: op.outcome, step: op.currentStep, initiator: op.initiator },
            operationId: e.operationId,
          }),
          { event: failed },
        );
        if (s) deps.manager.signal(s);
      })(),
    );

  const onAutoDecision = (d: AutoDecision) => {
    if ("ignored" in d) return;
    if ("started" in d) {
      // A condition, not an event: it holds while the failover runs and resolves when it ends.
      const s = groupEvent(
        "failover-performed",
        d.groupId,
        startedKey(d.started.id),
        (group) => ({ title: `Automatic failover of ${group} started`, details: { operationId: d.started.id, reason: d.started.reason }, operationId: d.started.id }),
        { event: false },
      );
      if (!s) return;
      deps.manager.signal(s);
      const end = ended.get(d.started.id);
      if (end) endStarted(d.started.id, end);
      return;
    }
    const s = groupEvent(
      "failover-refused",
      d.groupId,
      `failover-refused:${d.groupId}`,
      (group) => ({ title: `Automatic failover of ${group} refused (${d.refused})`, details: { kind: d.refused, reasons: d.reasons }, operationId: null }),
      { event: true },
    );
    if (s) deps.manager.signal(s);
  };

  const onDrillMissed = (m: { scheduleId: string; groupId: string; count: number; first: Date; last: Date }) => {
    const s = groupEvent(
      "drill-missed",
      m.groupId,
      `drill-missed:${m.scheduleId}`,
      (group) => ({
        title: `Scheduled drill of ${group} missed ${m.count} run(s) while Tandem was not running`,
        details: { scheduleId: m.scheduleId, count: m.count, first: m.first.toISOString(), last: m.last.toISOString() },
        operationId: null,
      }),
      { event: true },
    );
    if (s) deps.manager.signal(s);
  };

  const onRoleClaim = (c: RoleClaim) => {
    const key = `two-primaries:${c.groupId}:${c.serverId}`;
    if (!c.active) {
      deps.manager.signal({ ...blank(key, "two-primaries"), groupId: c.groupId, serverId: c.serverId, clearedBecause: c.detail });
      return;
    }
    const s = groupEvent("two-primaries", c.groupId, key, (group) => ({ title: `Two primaries in ${group}: fenced ${c.serverName} claims the role`, details: { what: c.detail }, operationId: null }), { event: false });
    if (s) deps.manager.signal({ ...s, serverId: c.serverId });
  };

  const onNodeState = (n: { name: string; lost: boolean; detail: string }) => {
    const key = `node-lost:${n.name}`;
    if (!n.lost) {
      deps.manager.signal({ ...blank(key, "node-lost"), clearedBecause: n.detail });
      return;
    }
    const s = groupEvent("node-lost", null, key, () => ({ title: `Tandem node ${n.name} lost`, details: { node: n.name, what: n.detail }, operationId: null }), { event: false });
    if (s) deps.manager.signal(s);
  };

  const loops: Loop[] = [intervalLoop("alert facts", deps.factsEveryMs ?? 10_000, refresh, log), intervalLoop("group redundancy alerts", deps.groupEveryMs ?? 5000, evaluateGroups, log)];

  return {
    async start() {
      await refresh();
      // "Started" alerts whose operation ended while nobody was told (a restart, or Tandem before this rule).
      const stale = await deps.db.alert.findMany({ where: { source: "failover-performed", state: { not: "RESOLVED" }, operationId: { not: null } }, select: { operationId: true } });
      const ops = await deps.db.operation.findMany({ where: { id: { in: stale.map((a) => a.operationId!) }, state: { in: [...ENDED_STATES] } }, select: { id: true, state: true } });
      for (const op of ops) endStarted(op.id, op.state);
      deps.health.on("sampled", onSampled);
      deps.health.on("host-key-changed", onHostKeyChanged);
      for (const l of loops) l.start();
    },
    async stop() {
      deps.health.off("sampled", onSampled);
      deps.health.off("host-key-changed", onHostKeyChanged);
      for (const l of loops) await l.stop();
      await Promise.allSettled([...pending]);
    },
    refresh,
    evaluateGroups,
    onOperationState,
    onAutoDecision,
    onDrillMissed,
    onRoleClaim,
    onNodeState,
  };
}

function blank(key: string, source: TAlertSource): Signal {
  return { key, source, active: false, event: false, severity: "INFO" as TSeverity, title: "", details: {}, ruleId: null, serverId: null, groupId: null, operationId: null };
}

function strongest(rules: RuleView[] | undefined): RuleView | null {
  let best: RuleView | null = null;
  for (const r of rules ?? []) if (!best || severityRank[r.severity] > severityRank[best.severity]) best = r;
  return best;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A drill that could not undo itself is the loud case: the group may be left on its standby. */
function failedTitle(kind: string, group: string, state: string, outcome: string | null): string {
  // A rollout spans groups; its outcome says what stopped it (the failure budget spent, a host that did not come back).
  if (kind === "ROLLOUT") return `Rollout failed: ${(outcome ?? "see the rollout").slice(0, 200)}`;
  if (kind === "DRILL") return state === "ROLLED_BACK" ? `Drill of ${group} failed; the original primary was restored` : `Drill of ${group} failed and could not restore the original primary: see where it stopped`;
  return `${cap(kind.toLowerCase())} of ${group} ${state === "ROLLED_BACK" ? "failed and was rolled back" : "failed"}`;
}
