// Schemas of an operation's plan, its DTO and the events streamed to `operation:<id>`.
import { z } from "zod";

export const ZActionName = z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, "must be a registered action name");

export const ZRollback = z.object({
  action: ZActionName,
  params: z.record(z.string(), z.unknown()).default({}),
});

export const ZPlanStep = z.object({
  action: ZActionName,
  serverId: z.uuid().optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  timeoutMs: z.int().min(100).max(3_600_000),
  rollback: ZRollback.optional(),
  /**
   * "stop": if this step fails or times out, the operation ends FAILED where it
   * is, nothing undone (a drill whose original primary died during the hold
   * must not be "restored" onto a dead host: the standby keeps serving).
   */
  onFailure: z.enum(["unwind", "stop"]).optional(),
});
export type TPlanStep = z.infer<typeof ZPlanStep>;

/** Stored in Operation.plan; step i of the plan is OperationStep index i. */
/**
 * How the engine treats trouble: by default a timed-out step pauses for an
 * operator and a failed step unwinds. A drill unwinds on a timeout (a stop
 * condition: restore, do not wait); a dry run runs every check and fails at
 * the end with all that failed (it changes nothing, so there is nothing to undo).
 */
export const ZPlanPolicy = z.object({
  onTimeout: z.enum(["pause", "unwind"]).default("pause"),
  continueOnFailure: z.boolean().default(false),
});
export const ZPlan = z.object({
  steps: z.array(ZPlanStep).min(1).max(200),
  policy: ZPlanPolicy.optional(),
  /** Kind-specific facts kept with the plan (a drill's mode, hold, original primary). */
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type TPlan = z.infer<typeof ZPlan>;

export const ZOperationKind = z.enum(["FAILOVER", "SWITCHOVER", "DRILL", "ROLLOUT", "FENCE", "REJOIN", "EVACUATION", "SITE_RETURN", "SITE_DRILL", "RESTORE"]);
/** Operations over a whole site (server/dr): they hold the site's lock, their groups' operations are their children. */
export const siteKinds = ["EVACUATION", "SITE_RETURN", "SITE_DRILL"] as const;
export const ZOperationState = z.enum(["PLANNED", "RUNNING", "PAUSED", "SUCCEEDED", "FAILED", "ABORTED", "ROLLED_BACK"]);
export const ZStepState = z.enum(["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "SKIPPED", "TIMED_OUT", "ROLLED_BACK"]);
export type TOperationState = z.infer<typeof ZOperationState>;
export type TStepState = z.infer<typeof ZStepState>;

/** States that hold the group's lock (the partial unique index in the operations_lock migration). */
export const liveStates = ["PLANNED", "RUNNING", "PAUSED"] as const satisfies readonly TOperationState[];

export const ZOperationStep = z.object({
  id: z.uuid(),
  index: z.int(),
  action: z.string(),
  serverId: z.uuid().nullable(),
  state: ZStepState,
  timeoutMs: z.int(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  exitCode: z.int().nullable(),
  output: z.string(),
});
export type TOperationStep = z.infer<typeof ZOperationStep>;

export const ZOperation = z.object({
  id: z.uuid(),
  kind: ZOperationKind,
  state: ZOperationState,
  groupId: z.uuid().nullable(),
  /** Site operations (EVACUATION, SITE_RETURN, SITE_DRILL). */
  siteId: z.uuid().nullable(),
  /** The site operation that started this one. */
  parentId: z.uuid().nullable(),
  initiator: z.string(),
  reason: z.string(),
  ticketRef: z.string().nullable(),
  currentStep: z.int(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  outcome: z.string().nullable(),
  /** Failovers and switchovers: last good answer (or start) to the new primary verified serving. */
  rtoMs: z.int().nullable(),
  /** Replication lag of the promoted standby. */
  rpoMs: z.int().nullable(),
  /** { detectionMs, decisionMs, cutoverMs, rtoFrom } when recorded. */
  timings: z.record(z.string(), z.unknown()),
  steps: z.array(ZOperationStep),
});
export type TOperation = z.infer<typeof ZOperation>;

export const ZCreateOperationRequest = z.object({
  kind: ZOperationKind,
  groupId: z.uuid().nullable().default(null),
  siteId: z.uuid().nullable().default(null),
  parentId: z.uuid().nullable().default(null),
  reason: z.string().trim().max(2000).default(""),
  ticketRef: z.string().trim().min(1).max(200).optional(),
  plan: ZPlan,
});
export type TCreateOperationRequest = z.input<typeof ZCreateOperationRequest>;

// Socket events on room `operation:<id>`: a snapshot on subscribe, then deltas.
export const operationEvents = { snapshot: "operation:snapshot", step: "operation:step", state: "operation:state" } as const;
export const ZOperationSnapshotEvent = ZOperation;
export const ZOperationStepEvent = z.object({ operationId: z.uuid(), step: ZOperationStep });
export const ZOperationStateEvent = z.object({
  operationId: z.uuid(),
  state: ZOperationState,
  currentStep: z.int(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  outcome: z.string().nullable(),
});
export type TOperationStepEvent = z.infer<typeof ZOperationStepEvent>;
export type TOperationStateEvent = z.infer<typeof ZOperationStateEvent>;

export const operationRoom = (id: string) => `operation:${id}`;
