// Request and response schemas of the switchover, failover and operations endpoints.
import { z } from "zod";
import { ZOperation, ZOperationKind, ZOperationState, ZPlanStep } from "../operations/operation.types";

export const ZStartSwitchRequest = z.strictObject({
  reason: z.string().trim().min(1, "is required").max(500, "must be at most 500 characters"),
  ticketRef: z.string().trim().min(1).max(100, "must be at most 100 characters").optional(),
  candidateServerId: z.uuid("must be a server id (UUID)").optional(),
  /**
   * Failover only: the operator confirms the old primary is off (its site is lost, its power cut)
   * for when no fencing level can reach it. Every level is still tried first.
   */
  confirmedOff: z.boolean().optional(),
});
export type TStartSwitchRequest = z.infer<typeof ZStartSwitchRequest>;

export const ZRejoinRequest = z.strictObject({
  reason: z.string().trim().min(1, "must not be empty").max(500, "must be at most 500 characters").optional(),
  ticketRef: z.string().trim().min(1).max(100, "must be at most 100 characters").optional(),
});
export type TRejoinRequest = z.infer<typeof ZRejoinRequest>;
export const ZMemberParams = z.object({ id: z.uuid("must be a group id (UUID)"), serverId: z.uuid("must be a server id (UUID)") });

export const ZPlanPreviewQuery = z.object({ candidateServerId: z.uuid("must be a server id (UUID)").optional() });

export const ZPlanPreview = z.object({
  kind: z.enum(["SWITCHOVER", "FAILOVER"]),
  groupId: z.uuid(),
  oldPrimary: z.object({ serverId: z.uuid(), name: z.string() }),
  candidate: z.object({ serverId: z.uuid(), name: z.string(), lagSec: z.number().nullable() }),
  steps: z.array(ZPlanStep.extend({ description: z.string() })),
});
export type TPlanPreview = z.infer<typeof ZPlanPreview>;

export const ZOperationIdParams = z.object({ id: z.uuid("must be an operation id (UUID)") });

export const ZListOperationsQuery = z.object({
  groupId: z.uuid().optional(),
  state: ZOperationState.optional(),
  kind: ZOperationKind.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListOperationsQuery = z.infer<typeof ZListOperationsQuery>;
export const ZOperationList = z.object({ operations: z.array(ZOperation) });

export const ZAbortOperationRequest = z.strictObject({ reason: z.string().trim().min(1, "is required").max(500, "must be at most 500 characters") });
// `skip` is required (not defaulted) so that an empty body is refused rather than read as "re-run".
export const ZResumeOperationRequest = z.strictObject({ skip: z.boolean() });
