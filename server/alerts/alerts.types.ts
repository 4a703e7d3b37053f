// Contracts of live alerts: the alert DTO, list filters, ack and resolve, the
// rules admins edit, and the socket events of the `alerts` room. Shared by the
// API handlers, the alert manager and the browser hooks.
import { z } from "zod";

export const SEVERITIES = ["INFO", "WARNING", "CRITICAL"] as const;
export const ZSeverity = z.enum(SEVERITIES);
export type TSeverity = z.infer<typeof ZSeverity>;
export const severityRank: Record<TSeverity, number> = { INFO: 0, WARNING: 1, CRITICAL: 2 };

export const ALERT_STATES = ["FIRING", "ACKNOWLEDGED", "RESOLVED"] as const;
export const ZAlertState = z.enum(ALERT_STATES);
export type TAlertState = z.infer<typeof ZAlertState>;

/**
 * Where an alert comes from (each rule has one source). Condition sources hold
 * while true and resolve when they clear; host-down, host-unreachable and
 * agent-error share one alert per server (it escalates), as group-at-risk and
 * group-broken share one per group, and operation-failed/paused one per
 * operation. failover-performed and failover-refused are events: they stay
 * open until an operator acknowledges or resolves them.
 */
export const ALERT_SOURCES = [
  "host-down",
  "host-unreachable",
  "agent-error",
  "cpu",
  "memory",
  "disk",
  "load",
  "raid",
  "replication-lag",
  "service",
  "host-key",
  "group-at-risk",
  "group-broken",
  "operation-failed",
  "operation-paused",
  "failover-performed",
  "failover-refused",
  "drill-missed",
  "two-primaries",
  "node-lost",
] as const;
export const ZAlertSource = z.enum(ALERT_SOURCES);
export type TAlertSource = z.infer<typeof ZAlertSource>;

type SourceInfo = {
  label: string;
  /** Rules of this source compare a metric with a threshold. */
  threshold?: { unit: string; min: number; max: number };
  /** Rules of this source can require the condition to hold for a while (forSeconds). */
  holds: boolean;
  subject: "server" | "group" | "operation" | "cluster";
};

/** What each source means, and which condition fields its rules take (the rules UI builds its form from this). */
export const SOURCE_INFO: Record<TAlertSource, SourceInfo> = {
  "host-down": { label: "Host down (confirmed)", holds: true, subject: "server" },
  "host-unreachable": { label: "Host unreachable (not yet confirmed down, or host key refused)", holds: true, subject: "server" },
  "agent-error": { label: "Agent output unusable", holds: true, subject: "server" },
  cpu: { label: "CPU usage", threshold: { unit: "%", min: 1, max: 100 }, holds: true, subject: "server" },
  memory: { label: "Memory usage", threshold: { unit: "%", min: 1, max: 100 }, holds: true, subject: "server" },
  disk: { label: "Disk usage (fullest mount)", threshold: { unit: "%", min: 1, max: 100 }, holds: true, subject: "server" },
  load: { label: "Load per CPU (1 min)", threshold: { unit: "per CPU", min: 0.1, max: 100 }, holds: true, subject: "server" },
  raid: { label: "RAID array degraded", holds: true, subject: "server" },
  "replication-lag": { label: "Replication lag", threshold: { unit: "s", min: 1, max: 86_400 }, holds: true, subject: "server" },
  service: { label: "Watched service stopped", holds: true, subject: "server" },
  "host-key": { label: "SSH host key changed (connection refused)", holds: false, subject: "server" },
  "group-at-risk": { label: "Group at risk (one more loss is an outage)", holds: true, subject: "group" },
  "group-broken": { label: "Group broken (below its minimum)", holds: true, subject: "group" },
  "operation-failed": { label: "Operation failed", holds: false, subject: "operation" },
  "operation-paused": { label: "Operation paused, waiting for an operator", holds: false, subject: "operation" },
  "failover-performed": { label: "Automatic failover performed", holds: false, subject: "group" },
  "failover-refused": { label: "Automatic failover refused", holds: false, subject: "group" },
  "drill-missed": { label: "Scheduled drill missed (Tandem was not running)", holds: false, subject: "group" },
  "two-primaries": { label: "Two primaries (a fenced old primary claims the role)", holds: false, subject: "group" },
  "node-lost": { label: "Tandem node lost (its heartbeat stopped; the others took its servers)", holds: false, subject: "cluster" },
};

/** Which servers or groups a rule (or a channel's routing) covers; empty means all. */
export const ZScope = z
  .object({
    siteIds: z.array(z.uuid()).max(100).optional(),
    groupIds: z.array(z.uuid()).max(100).optional(),
    serverIds: z.array(z.uuid()).max(1000).optional(),
    tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
  })
  .strict();
export type TScope = z.infer<typeof ZScope>;

const ZRef = z.object({ id: z.uuid(), name: z.string() });

export const ZAlert = z.object({
  id: z.uuid(),
  dedupKey: z.string(),
  source: z.string(),
  severity: ZSeverity,
  state: ZAlertState,
  title: z.string(),
  server: ZRef.nullable(),
  group: ZRef.nullable(),
  operationId: z.uuid().nullable(),
  ruleId: z.uuid().nullable(),
  /** Set when folded into another alert's incident. */
  parentId: z.uuid().nullable(),
  /** Alerts folded into this one. */
  childCount: z.number().int().nonnegative(),
  /** Times the condition was seen again (or re-fired) while open. */
  count: z.number().int().positive(),
  flapping: z.boolean(),
  firstSeenAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  acknowledgedAt: z.iso.datetime().nullable(),
  acknowledgedBy: z.string().nullable(),
  ackComment: z.string().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
  suppressed: z.boolean(),
  suppressedReason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type TAlert = z.infer<typeof ZAlert>;

export const ZAlertCounts = z.object({ firing: z.number().int(), acknowledged: z.number().int(), critical: z.number().int() });
export type TAlertCounts = z.infer<typeof ZAlertCounts>;

/** A comma-separated list of enum values, reported as one field when any is wrong; `aliases` expand (state=open). */
const csvOf = <T extends readonly [string, ...string[]]>(values: T, aliases: Record<string, T[number][]> = {}) =>
  z.string().transform((s, ctx) => {
    const parts = s.split(",").flatMap((v) => aliases[v.trim()] ?? [v.trim()]).filter(Boolean);
    if (!parts.length || parts.some((p) => !values.includes(p))) {
      ctx.addIssue({ code: "custom", message: `must be a comma-separated list of ${[...Object.keys(aliases), ...values].join(", ")}` });
      return z.NEVER;
    }
    return [...new Set(parts)] as T[number][];
  });

export const ZAlertListQuery = z.object({
  /** Comma-separated; "open" is FIRING,ACKNOWLEDGED. */
  state: csvOf(ALERT_STATES, { open: ["FIRING", "ACKNOWLEDGED"] }).optional(),
  severity: csvOf(SEVERITIES).optional(),
  source: csvOf(ALERT_SOURCES).optional(),
  serverId: z.uuid().optional(),
  groupId: z.uuid().optional(),
  /** Alerts open at any time in [from, to] (first seen before `to`, not resolved before `from`). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Include suppressed alerts and alerts folded into an incident (default: yes in history, the centre asks for no). */
  includeSuppressed: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  topLevel: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Opaque: the last alert id of the previous page. */
  cursor: z.uuid().optional(),
});
export type TAlertListQuery = z.infer<typeof ZAlertListQuery>;

export const ZAlertList = z.object({ alerts: z.array(ZAlert), nextCursor: z.uuid().nullable(), counts: ZAlertCounts });
export type TAlertList = z.infer<typeof ZAlertList>;

export const ZAlertIdParams = z.object({ id: z.uuid() });

export const ZAckAlertRequest = z.object({ comment: z.string().trim().max(500).default("") }).strict();
export const ZResolveAlertRequest = z.object({ comment: z.string().trim().max(500).default("") }).strict();
export type TAckAlertRequest = z.infer<typeof ZAckAlertRequest>;

export const ZAlertEvent = z.object({ at: z.iso.datetime(), kind: z.string(), actor: z.string().nullable(), message: z.string() });

export const ZDeliveryState = z.enum(["PENDING", "SENT", "FAILED", "DROPPED"]);
export const ZDelivery = z.object({
  id: z.uuid(),
  alertId: z.uuid().nullable(),
  channelId: z.uuid(),
  channelName: z.string(),
  event: z.string(),
  state: ZDeliveryState,
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  nextAttemptAt: z.iso.datetime(),
});
export type TDelivery = z.infer<typeof ZDelivery>;

/** What happened around an alert: for its page. */
export const ZAlertContext = z.object({
  stateChanges: z.array(z.object({ serverId: z.uuid(), serverName: z.string(), at: z.iso.datetime(), state: z.string() })),
  operations: z.array(z.object({ id: z.uuid(), kind: z.string(), state: z.string(), groupName: z.string().nullable(), initiator: z.string(), createdAt: z.iso.datetime(), endedAt: z.iso.datetime().nullable(), outcome: z.string().nullable() })),
  related: z.array(ZAlert),
});

export const ZAlertDetail = ZAlert.extend({
  events: z.array(ZAlertEvent),
  children: z.array(ZAlert),
  deliveries: z.array(ZDelivery),
  context: ZAlertContext,
});
export type TAlertDetail = z.infer<typeof ZAlertDetail>;

// ---- rules

export const ZRuleCondition = z
  .object({
    threshold: z.number().positive().max(86_400).optional(),
    /** Held this long before it fires. */
    forSeconds: z.number().int().min(0).max(86_400).optional(),
  })
  .strict();
export type TRuleCondition = z.infer<typeof ZRuleCondition>;

export const ZAlertRule = z.object({
  id: z.uuid(),
  name: z.string(),
  source: ZAlertSource,
  enabled: z.boolean(),
  severity: ZSeverity,
  condition: ZRuleCondition,
  scope: ZScope,
  builtin: z.boolean(),
  updatedAt: z.iso.datetime(),
});
export type TAlertRule = z.infer<typeof ZAlertRule>;
export const ZAlertRuleList = z.object({ rules: z.array(ZAlertRule) });

const ZRuleName = z.string().trim().min(1, "is required").max(100).regex(/^[^\p{Cc}]+$/u, "must not contain control characters");
export const ZCreateAlertRuleRequest = z
  .object({ name: ZRuleName, source: ZAlertSource, enabled: z.boolean().default(true), severity: ZSeverity, condition: ZRuleCondition.default({}), scope: ZScope.default({}) })
  .strict();
export const ZUpdateAlertRuleRequest = z
  .object({ name: ZRuleName.optional(), enabled: z.boolean().optional(), severity: ZSeverity.optional(), condition: ZRuleCondition.optional(), scope: ZScope.optional() })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "must change at least one field" });
export type TCreateAlertRuleRequest = z.infer<typeof ZCreateAlertRuleRequest>;
export type TUpdateAlertRuleRequest = z.infer<typeof ZUpdateAlertRuleRequest>;

// ---- socket room "alerts" (every signed-in user may join)

export const ALERT_EVENTS = { snapshot: "alerts:snapshot", change: "alerts:change" } as const;
export const ALERT_CHANGES = ["fired", "escalated", "repeated", "flapping", "acknowledged", "resolved", "grouped"] as const;
export type TAlertChange = (typeof ALERT_CHANGES)[number];
/** On joining: the open, top-level, unsuppressed alerts (newest first, at most 200) and the counts. */
export type TAlertsSnapshot = { alerts: TAlert[]; counts: TAlertCounts };
/** Each change of a top-level alert; suppressed ones are sent too (flagged) so the centre stays true, but browsers do not toast them. */
export type TAlertChangeEvent = { change: TAlertChange; alert: TAlert; counts: TAlertCounts };
