// How an operation that did not succeed ends, once its rollbacks have run.
import type { TOperationState } from "./operation.types";

export type RollbackSummary = { ran: number; failed: boolean };

/**
 * ROLLED_BACK only when at least one rollback ran and none failed: everything
 * the plan knew how to undo was undone. Otherwise the cause shows: FAILED for
 * a failed (or interrupted) step, ABORTED for an operator's abort.
 */
export function finalState(cause: "failed" | "aborted", rb: RollbackSummary): TOperationState {
  if (rb.ran > 0 && !rb.failed) return "ROLLED_BACK";
  return cause === "aborted" ? "ABORTED" : "FAILED";
}
