// Client types of an operation, inferred from the server's zod schemas (type-only imports).
import type { TPlanPreview, TStartSwitchRequest } from "@/server/failover/failover.types";
import type { TOperation, TOperationStep, TOperationState, TStepState, TPlanStep } from "@/server/operations/operation.types";

export type { TOperation, TOperationStep, TOperationState, TStepState, TPlanStep };
export type TOperationKind = TOperation["kind"];

export const OPERATION_STATES = ["PLANNED", "RUNNING", "PAUSED", "SUCCEEDED", "FAILED", "ABORTED", "ROLLED_BACK"] as const satisfies readonly TOperationState[];
export const OPERATION_KINDS = ["FAILOVER", "SWITCHOVER", "DRILL", "ROLLOUT", "FENCE", "EVACUATION", "SITE_RETURN", "SITE_DRILL"] as const satisfies readonly TOperationKind[];

export type TOperationList = { operations: TOperation[] };

/**
 * What the plan endpoint answers: the steps it would run and who gets promoted;
 * `rejected` (standbys passed over, and why) is read when the server sends it.
 */
export type TSwitchPlan = TPlanPreview & { rejected?: { name: string; reasons: string[] }[] };

export type TSwitchRequest = TStartSwitchRequest;
