// Site disaster recovery (DESIGN section 12): what-if, the site matrix,
// recovery plans (stages of groups with pre/post hooks, ordered by the groups'
// dependencies), and site operations (evacuation, return, site drill).
import { z } from "zod";
import { ZHookCommand } from "../groups/groups.types";
import { ZHostState } from "../health/health.types";
import { ZOperationKind, ZOperationState } from "../operations/operation.types";

const ZRedundancyState = z.enum(["OK", "AT_RISK", "BROKEN"]);
const ZRef = z.object({ id: z.uuid(), name: z.string() });

// ---- what-if ------------------------------------------------------------------

export const ZWhatIfRequest = z
  .strictObject({
    siteIds: z.array(z.uuid()).max(100).default([]),
    serverIds: z.array(z.uuid()).max(10_000).default([]),
    groupIds: z.array(z.uuid()).max(10_000).default([]),
  })
  .refine((r) => r.siteIds.length + r.serverIds.length + r.groupIds.length > 0, { message: "name at least one site, server or group to lose" });
export type TWhatIfRequest = z.input<typeof ZWhatIfRequest>;

export const ZRedundancySnapshot = z.object({
  state: ZRedundancyState,
  inService: z.int(),
  minHealthy: z.int(),
  /** A serving copy in another site (a standby elsewhere, or a pool serving in two sites). */
  drCovered: z.boolean(),
});
export const ZWhatIfMemberRef = z.object({ serverId: z.uuid(), name: z.string(), site: z.string().nullable() });
export const ZWhatIfAction = z.enum(["none", "switchover", "failover", "drain", "lost"]);
export const ZWhatIfGroup = z.object({
  groupId: z.uuid(),
  name: z.string(),
  mode: z.enum(["ACTIVE_PASSIVE", "ACTIVE_ACTIVE"]),
  before: ZRedundancySnapshot,
  after: ZRedundancySnapshot,
  /** Members lost (by site, by server, or the whole group). */
  lostMembers: z.array(ZWhatIfMemberRef),
  /** The primary is among the lost (ACTIVE_PASSIVE). */
  primaryLost: z.boolean(),
  /** Whether service can be brought back with what is left: a candidate elsewhere (and a fencing path when required), or serving members left. */
  recoverable: z.boolean(),
  /** What a recovery would do: failover to the candidate, keep serving on the pool's other members, nothing, or nothing possible. */
  action: ZWhatIfAction,
  candidate: z.object({ serverId: z.uuid(), name: z.string(), site: z.string().nullable(), lagSec: z.number().nullable() }).nullable(),
  /** How the lost primary would be fenced: the first level with a fencing server left, or why none. */
  fencing: z.object({ available: z.boolean(), via: z.string().nullable(), required: z.boolean() }).nullable(),
  /** Groups it depends on that the loss takes down too (a web pool whose database is lost). */
  dependsOnLost: z.array(z.string()),
  /** Why it is not recoverable, or what to watch (lag, no copy elsewhere). */
  notes: z.array(z.string()),
  /** One sentence: what happens to this group. */
  summary: z.string(),
});
export type TWhatIfGroup = z.infer<typeof ZWhatIfGroup>;
export const ZWhatIfResponse = z.object({
  lost: z.object({ sites: z.array(ZRef), servers: z.array(ZRef), groups: z.array(ZRef) }),
  /** Every group, affected first (broken, then at risk), then the rest. */
  groups: z.array(ZWhatIfGroup),
  totals: z.object({ groups: z.int(), affected: z.int(), broken: z.int(), atRisk: z.int(), unrecoverable: z.int(), needFailover: z.int() }),
});
export type TWhatIfResponse = z.infer<typeof ZWhatIfResponse>;

// ---- site matrix ----------------------------------------------------------------

export const ZMatrixCell = z.object({ serverId: z.uuid(), name: z.string(), role: z.enum(["PRIMARY", "STANDBY", "ACTIVE"]), adminState: z.string(), state: ZHostState });
export const ZSiteMatrix = z.object({
  sites: z.array(z.object({ id: z.uuid(), name: z.string(), servers: z.int(), down: z.int() })),
  groups: z.array(
    z.object({
      groupId: z.uuid(),
      name: z.string(),
      mode: z.enum(["ACTIVE_PASSIVE", "ACTIVE_ACTIVE"]),
      redundancy: ZRedundancyState,
      drCovered: z.boolean(),
      /** Site id ("" for members without a site) to its members there. */
      cells: z.record(z.string(), z.array(ZMatrixCell)),
      dependsOn: z.array(ZRef),
    }),
  ),
});
export type TSiteMatrix = z.infer<typeof ZSiteMatrix>;

// ---- dependencies and recovery plans ------------------------------------------

export const ZGroupDependenciesRequest = z.strictObject({ dependsOn: z.array(z.uuid()).max(200) });
export const ZGroupDependencies = z.object({ groupId: z.uuid(), dependsOn: z.array(ZRef), dependedOnBy: z.array(ZRef) });

export const ZStageHook = z.strictObject({
  /** The server the hook runs on over SSH (a bastion, a DNS or config host): never one in the site being evacuated, ideally. */
  serverId: z.uuid(),
  command: ZHookCommand,
  timeoutSeconds: z.int().min(1).max(3600).default(120),
});
export type TStageHook = z.infer<typeof ZStageHook>;
export const ZPlanStage = z.strictObject({
  name: z.string().trim().min(1).max(100),
  groupIds: z.array(z.uuid()).max(10_000),
  pre: ZStageHook.nullable().default(null),
  post: ZStageHook.nullable().default(null),
});
export type TPlanStage = z.infer<typeof ZPlanStage>;
export const ZSaveRecoveryPlanRequest = z.strictObject({
  stages: z.array(ZPlanStage).min(1).max(50),
  /** Groups of one stage moved at once. */
  parallelism: z.int().min(1).max(100).default(4),
});
export type TSaveRecoveryPlanRequest = z.input<typeof ZSaveRecoveryPlanRequest>;

const ZStageHookView = z.object({ serverId: z.uuid(), serverName: z.string(), command: z.string(), timeoutSeconds: z.int() });
export const ZRecoveryPlan = z.object({
  site: ZRef,
  /** "saved" by an admin, or "derived" from the groups' dependencies (no plan saved). */
  source: z.enum(["saved", "derived"]),
  parallelism: z.int(),
  stages: z.array(
    z.object({
      name: z.string(),
      groups: z.array(z.object({ id: z.uuid(), name: z.string(), dependsOn: z.array(z.string()) })),
      pre: ZStageHookView.nullable(),
      post: ZStageHookView.nullable(),
    }),
  ),
  /** Groups with a member in the site that the saved plan leaves out (they would not move). */
  unplanned: z.array(ZRef),
  updatedBy: z.string().nullable(),
  updatedAt: z.iso.datetime().nullable(),
});
export type TRecoveryPlan = z.infer<typeof ZRecoveryPlan>;

// ---- site operations ------------------------------------------------------------

export const ZSiteGroupAction = z.enum(["SWITCHOVER", "FAILOVER", "DRAIN", "ENABLE", "REJOIN_SWITCHOVER", "DRY_RUN", "NONE"]);
export type TSiteGroupAction = z.infer<typeof ZSiteGroupAction>;
export const ZCheck = z.object({ check: z.string(), ok: z.boolean(), detail: z.string() });
export const ZEvacuationPreviewGroup = z.object({
  groupId: z.uuid(),
  name: z.string(),
  stage: z.int(),
  action: ZSiteGroupAction,
  from: z.object({ serverId: z.uuid(), name: z.string() }).nullable(),
  to: z.object({ serverId: z.uuid(), name: z.string(), site: z.string().nullable() }).nullable(),
  /** Every precondition, as a drill's dry run lists them. */
  checks: z.array(ZCheck),
  ready: z.boolean(),
  summary: z.string(),
});
export type TEvacuationPreviewGroup = z.infer<typeof ZEvacuationPreviewGroup>;
export const ZEvacuationPreview = z.object({
  site: ZRef,
  kind: z.enum(["EVACUATION", "SITE_RETURN", "SITE_DRILL"]),
  parallelism: z.int(),
  stages: z.array(z.object({ name: z.string(), pre: ZStageHookView.nullable(), post: ZStageHookView.nullable(), groups: z.array(ZEvacuationPreviewGroup) })),
  /** Groups that keep serving as they are, or cannot move (no copy elsewhere), with why. */
  notMoving: z.array(z.object({ groupId: z.uuid(), name: z.string(), why: z.string() })),
  ready: z.boolean(),
  /** Problems that refuse the start (none ready, the site unknown...). */
  blockers: z.array(z.string()),
  /** The evacuation a return brings back from. */
  fromOperationId: z.uuid().nullable(),
});
export type TEvacuationPreview = z.infer<typeof ZEvacuationPreview>;

export const ZEvacuationPlanRequest = z.strictObject({ parallelism: z.int().min(1).max(100).optional() });
export const ZStartEvacuationRequest = z.strictObject({
  reason: z.string().trim().min(1, "say why").max(2000),
  ticketRef: z.string().trim().min(1).max(200).optional(),
  /** Every precondition checked, hooks in check mode (a dry-run drill per group): nothing moves. */
  dryRun: z.boolean().default(false),
  parallelism: z.int().min(1).max(100).optional(),
  /** Start even if some groups cannot move (they are listed and skipped). */
  acceptSkipped: z.boolean().default(false),
  /**
   * The site is dark: the operator confirms its hosts are off. A group whose primary does not answer
   * fails over even when no fencing level can reach it (every level is still tried first).
   */
  confirmedOff: z.boolean().default(false),
});
export type TStartEvacuationRequest = z.input<typeof ZStartEvacuationRequest>;
export const ZStartReturnRequest = z.strictObject({
  reason: z.string().trim().min(1, "say why").max(2000),
  ticketRef: z.string().trim().min(1).max(200).optional(),
  /** The evacuation to undo; default the site's latest that moved something. */
  evacuationId: z.uuid().optional(),
  parallelism: z.int().min(1).max(100).optional(),
  /** Start even if some groups cannot come back yet (they are listed and skipped). */
  acceptSkipped: z.boolean().default(false),
});
export type TStartReturnRequest = z.input<typeof ZStartReturnRequest>;
export const ZStartSiteDrillRequest = z.strictObject({
  reason: z.string().trim().max(2000).default("site drill"),
  ticketRef: z.string().trim().min(1).max(200).optional(),
  holdSeconds: z.int().min(0).max(86_400).default(60),
  /** An alert of this severity or worse on a moved group stops the hold and brings everything back. */
  stopOnSeverity: z.enum(["INFO", "WARNING", "CRITICAL"]).default("CRITICAL"),
  parallelism: z.int().min(1).max(100).optional(),
  acceptSkipped: z.boolean().default(false),
});
export type TStartSiteDrillRequest = z.input<typeof ZStartSiteDrillRequest>;

export const ZSiteOperationGroup = z.object({
  groupId: z.uuid(),
  name: z.string(),
  phase: z.enum(["out", "back"]),
  stage: z.int(),
  action: ZSiteGroupAction,
  state: z.enum(["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "SKIPPED"]),
  from: z.string().nullable(),
  to: z.string().nullable(),
  childOperationId: z.uuid().nullable(),
  rtoMs: z.int().nullable(),
  detail: z.string(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
});
const ZSiteKind = z.enum(["EVACUATION", "SITE_RETURN", "SITE_DRILL"]);
export const ZSiteOperationReport = z.object({
  operationId: z.uuid(),
  kind: ZSiteKind,
  state: ZOperationState,
  site: ZRef.nullable(),
  dryRun: z.boolean(),
  parallelism: z.int(),
  stages: z.array(z.string()),
  groups: z.array(ZSiteOperationGroup),
  /** Per phase: first group started to last group ended, and per-group RTO percentiles. */
  phases: z.array(z.object({ phase: z.enum(["out", "back"]), totalMs: z.int().nullable(), groups: z.int(), succeeded: z.int(), failed: z.int(), skipped: z.int(), p50Ms: z.int().nullable(), p95Ms: z.int().nullable(), maxParallel: z.int() })),
  /** A site drill's verdict: PASS when everything moved out and back. */
  verdict: z.enum(["PASS", "FAIL"]).nullable(),
  /** The evacuation a return undid, or the return that undid this evacuation. */
  related: z.array(z.object({ id: z.uuid(), kind: ZOperationKind, state: ZOperationState })),
  /** Groups with a member in the site that did not move, and why (as planned). */
  notMoving: z.array(z.object({ groupId: z.uuid(), name: z.string(), why: z.string() })),
  /** The operator confirmed the site's hosts are off (an evacuation of a dark site). */
  confirmedOff: z.boolean(),
});
export type TSiteOperationReport = z.infer<typeof ZSiteOperationReport>;
export const ZSiteOperations = z.object({ operations: z.array(z.object({ id: z.uuid(), kind: ZSiteKind, state: ZOperationState, createdAt: z.iso.datetime(), endedAt: z.iso.datetime().nullable(), rtoMs: z.int().nullable(), outcome: z.string().nullable(), dryRun: z.boolean() })) });
