// Contracts of patch rollouts (DESIGN section 9): the request, the planner's
// preview, a rollout with its batches and hosts, and fleet compliance.
import { z } from "zod";
import { ZOperationState, ZStepState } from "../operations/operation.types";

/** A batch size: a count of hosts, or a percent of the rollout's hosts ("25%"). */
export const ZBatchSize = z.union([z.int().min(1).max(100_000), z.string().regex(/^(100|[1-9][0-9]?)%$/, 'must be a count or a percent like "25%"')]);
export type TBatchSize = z.infer<typeof ZBatchSize>;
/** Sizes of the first batches; the last one repeats: [1, "10%", "25%"] is one canary, then 10 %, then 25 % at a time. */
export const ZBatchRamp = z.array(ZBatchSize).min(1).max(20);

/** How many hosts may fail (a count, or a percent of the batch / of the rollout) before the rollout stops itself. */
export const ZFailureBudget = z.strictObject({
  perBatch: ZBatchSize.or(z.literal(0)).default(0),
  overall: ZBatchSize.or(z.literal(0)).default(0),
});
export type TFailureBudget = z.infer<typeof ZFailureBudget>;

export const ZRebootPolicy = z.enum(["if-required", "always", "never"]);
export type TRebootPolicy = z.infer<typeof ZRebootPolicy>;

/** The default command for each server's package manager (all updates or security only), or an admin's own script. */
export const ZPatchCommand = z
  .strictObject({
    kind: z.enum(["all", "security", "custom"]),
    /** The admin's own script (custom only), run with `sh -s` on each server. */
    script: z.string().trim().min(1).max(8000).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.kind === "custom" && !c.script) ctx.addIssue({ code: "custom", path: ["script"], message: "is required for a custom command" });
    if (c.kind !== "custom" && c.script !== undefined) ctx.addIssue({ code: "custom", path: ["script"], message: "is only for a custom command" });
  });
export type TPatchCommand = z.infer<typeof ZPatchCommand>;

export const ZRolloutTargets = z
  .strictObject({
    serverIds: z.array(z.uuid()).max(100_000).default([]),
    groupIds: z.array(z.uuid()).max(10_000).default([]),
    tags: z.array(z.string().trim().min(1).max(64)).max(100).default([]),
    siteIds: z.array(z.uuid()).max(1000).default([]),
  })
  .refine((t) => t.serverIds.length + t.groupIds.length + t.tags.length + t.siteIds.length > 0, "name at least one server, group, tag or site");
export type TRolloutTargets = z.infer<typeof ZRolloutTargets>;

/** Everything that decides what a rollout does; the plan preview and the start take the same. */
export const ZRolloutSettings = z.strictObject({
  targets: ZRolloutTargets,
  batches: ZBatchRamp.default([1, "25%"]),
  failureBudget: ZFailureBudget.default({ perBatch: 0, overall: 0 }),
  rebootPolicy: ZRebootPolicy.default("if-required"),
  command: ZPatchCommand.default({ kind: "all" }),
  /** In an ACTIVE_PASSIVE group: patch the standbys first, then switch the primary over to one and patch it. */
  switchoverPrimaries: z.boolean().default(true),
  /** Runs inside this maintenance window: no new batch starts after its end minus the cutoff. */
  windowId: z.uuid().optional(),
  windowCutoffMinutes: z.int().min(0).max(24 * 60).default(30),
  /** Per host, from drain to re-enable. */
  hostTimeoutSeconds: z.int().min(30).max(6 * 3600).default(1800),
  /** The health gate: consecutive good polls after the patch (and reboot) before the host goes back in. */
  gatePolls: z.int().min(1).max(20).default(3),
});
export type TRolloutSettings = z.infer<typeof ZRolloutSettings>;
export type TRolloutSettingsInput = z.input<typeof ZRolloutSettings>;

export const ZPlanRolloutRequest = ZRolloutSettings;
export const ZStartRolloutRequest = ZRolloutSettings.extend({
  reason: z.string().trim().min(1, "is required").max(500),
  ticketRef: z.string().trim().min(1).max(100).optional(),
});
export type TStartRolloutRequest = z.infer<typeof ZStartRolloutRequest>;

// ---- the plan (preview) ----

export const ZPlannedHost = z.object({
  serverId: z.uuid(),
  name: z.string(),
  siteName: z.string().nullable(),
  /** Names of the groups it is a member of. */
  groups: z.array(z.string()),
  pendingUpdates: z.int().nullable(),
  securityUpdates: z.int().nullable(),
  rebootRequired: z.boolean(),
  /** A primary: switched over to this standby first. */
  switchover: z.object({ groupId: z.uuid(), groupName: z.string(), toServerId: z.uuid(), toName: z.string() }).nullable(),
});
export type TPlannedHost = z.infer<typeof ZPlannedHost>;

/** A group's redundancy while a batch is out: members serving before, during, its minimum. */
export const ZBatchGroupImpact = z.object({
  groupId: z.uuid(),
  name: z.string(),
  minHealthy: z.int(),
  members: z.int(),
  servingBefore: z.int(),
  servingDuring: z.int(),
  /** Never BROKEN: the planner does not make such a batch. */
  during: z.enum(["OK", "AT_RISK"]),
});
export type TBatchGroupImpact = z.infer<typeof ZBatchGroupImpact>;

export const ZPlannedBatch = z.object({
  index: z.int(),
  hosts: z.array(ZPlannedHost),
  groups: z.array(ZBatchGroupImpact),
  /** Estimated start, from the per-host estimate; null without a window to plan against. */
  estimatedStartAt: z.iso.datetime().nullable(),
  /** It would start after the window's end minus the cutoff: it will not run in this window. */
  afterCutoff: z.boolean(),
});
export type TPlannedBatch = z.infer<typeof ZPlannedBatch>;

export const ZUnschedulable = z.object({ serverId: z.uuid(), name: z.string(), reason: z.string() });
export type TUnschedulable = z.infer<typeof ZUnschedulable>;

export const ZRolloutPlan = z.object({
  /** Servers the targets name. */
  targeted: z.int(),
  scheduled: z.int(),
  batches: z.array(ZPlannedBatch),
  unschedulable: z.array(ZUnschedulable),
  window: z.object({ id: z.uuid(), title: z.string(), endsAt: z.iso.datetime(), cutoffAt: z.iso.datetime() }).nullable(),
  warnings: z.array(z.string()),
  /** How long planning took on the server. */
  planMs: z.number(),
});
export type TRolloutPlan = z.infer<typeof ZRolloutPlan>;

// ---- a rollout ----

export const ZRolloutHostState = z.enum(["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "SKIPPED"]);
export type TRolloutHostState = z.infer<typeof ZRolloutHostState>;
/** A host's steps in order; the UI shows each with its state. */
export const ROLLOUT_PHASES = ["switchover", "drain", "patch", "reboot", "gate", "enable"] as const;
export const ZRolloutPhase = z.enum(ROLLOUT_PHASES);
export type TRolloutPhase = z.infer<typeof ZRolloutPhase>;

export const ZRolloutHostStep = z.object({ phase: ZRolloutPhase, state: ZStepState, startedAt: z.iso.datetime().nullable(), endedAt: z.iso.datetime().nullable(), output: z.string() });

export const ZRolloutHost = z.object({
  serverId: z.uuid(),
  name: z.string(),
  batch: z.int(),
  state: ZRolloutHostState,
  phase: ZRolloutPhase.nullable(),
  switchover: z.boolean(),
  rebooted: z.boolean(),
  updatesBefore: z.int().nullable(),
  kernelBefore: z.string().nullable(),
  kernelAfter: z.string().nullable(),
  error: z.string().nullable(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  steps: z.array(ZRolloutHostStep),
});
export type TRolloutHost = z.infer<typeof ZRolloutHost>;

export const ZRolloutBatch = z.object({
  index: z.int(),
  state: z.enum(["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "SKIPPED"]),
  hosts: z.int(),
  done: z.int(),
  failed: z.int(),
});

export const ZRolloutSummary = z.object({
  id: z.uuid(),
  state: ZOperationState,
  reason: z.string(),
  ticketRef: z.string().nullable(),
  initiator: z.string(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  outcome: z.string().nullable(),
  hosts: z.int(),
  succeeded: z.int(),
  failed: z.int(),
  skipped: z.int(),
  batches: z.int(),
  /** The batch running (or next to run), 0-based; null once ended. */
  currentBatch: z.int().nullable(),
  scheduleId: z.uuid().nullable(),
});
export type TRolloutSummary = z.infer<typeof ZRolloutSummary>;

export const ZRollout = ZRolloutSummary.extend({
  settings: ZRolloutSettings,
  batchList: z.array(ZRolloutBatch),
  hostList: z.array(ZRolloutHost),
  /** Hosts the plan could not schedule, as planned. */
  unschedulable: z.array(ZUnschedulable),
});
export type TRollout = z.infer<typeof ZRollout>;

export const ZRolloutControlRequest = z.strictObject({ reason: z.string().trim().max(500).default("") });
export const ZRolloutIdParams = z.object({ id: z.uuid() });
export const ZListRolloutsQuery = z.object({ state: ZOperationState.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

// Socket: room `operation:<id>` carries the generic operation events; a rollout adds host changes.
export const rolloutEvents = { host: "rollout:host" } as const;
export const ZRolloutHostEvent = z.object({ operationId: z.uuid(), host: ZRolloutHost.omit({ steps: true }) });

// ---- compliance ----

export const ZComplianceStatus = z.enum(["UP_TO_DATE", "UPDATES", "SECURITY", "REBOOT", "UNKNOWN"]);
export type TComplianceStatus = z.infer<typeof ZComplianceStatus>;
export const ZComplianceServer = z.object({
  serverId: z.uuid(),
  name: z.string(),
  siteId: z.uuid().nullable(),
  siteName: z.string().nullable(),
  tags: z.array(z.string()),
  groups: z.array(z.object({ id: z.uuid(), name: z.string() })),
  os: z.string().nullable(),
  packageManager: z.string().nullable(),
  pendingUpdates: z.int().nullable(),
  securityUpdates: z.int().nullable(),
  rebootRequired: z.boolean().nullable(),
  kernelRunning: z.string().nullable(),
  /** Newest kernel installed; differs from the running one until a reboot. */
  kernelInstalled: z.string().nullable(),
  lastPatchedAt: z.iso.datetime().nullable(),
  /** When the agent last counted updates. */
  checkedAt: z.iso.datetime().nullable(),
  status: ZComplianceStatus,
});
export type TComplianceServer = z.infer<typeof ZComplianceServer>;
export const ZComplianceQuery = z.object({
  siteId: z.uuid().optional(),
  groupId: z.uuid().optional(),
  tag: z.string().max(64).optional(),
  status: ZComplianceStatus.optional(),
  /** worst: reboot and security first (most security updates on top), then updates, unknown, up to date; see compliance-status.ts. */
  sort: z.enum(["worst", "name", "pending", "security", "lastPatched"]).default("worst"),
});
export type TComplianceQuery = z.infer<typeof ZComplianceQuery>;
export type TComplianceSort = TComplianceQuery["sort"];
export const ZComplianceReport = z.object({
  /**
   * Over the servers listed (after every filter). withUpdates and withSecurity count servers with any
   * pending (security) updates, whatever their status; byStatus adds up to `servers`.
   */
  summary: z.object({
    servers: z.int(),
    upToDate: z.int(),
    withUpdates: z.int(),
    withSecurity: z.int(),
    rebootRequired: z.int(),
    unknown: z.int(),
    pendingTotal: z.int(),
    securityTotal: z.int(),
    byStatus: z.record(ZComplianceStatus, z.int()),
  }),
  servers: z.array(ZComplianceServer),
});
export type TComplianceReport = z.infer<typeof ZComplianceReport>;
