// After a failed, interrupted or aborted operation: undo the succeeded steps in
// reverse order with the rollbacks the plan defines, then end the operation.
// A rolled-back step is recorded on the step itself (state ROLLED_BACK, the
// rollback's output appended). The first failed rollback stops the unwinding:
// undoing later changes on top of an unknown state could make it worse.
import type { Actor } from "../auth/principal";
import { commitChange, loadOperation, type EngineDeps } from "./commit-change";
import { finalState } from "./final-state";
import { getOperation } from "./get-operation";
import { ZPlan, type TOperation } from "./operation.types";
import { toStepDto } from "./operation-dto";
import { runStep, type StepOutcome } from "./run-step";
import { capOutput } from "./step-output";

/** Who unwinds and why; `keepThrough`: undo only the steps after this index (the earlier ones stand). */
export type UnwindBy = { actor: Actor; reason: string; keepThrough?: number };

export async function unwindOperation(deps: EngineDeps, id: string, cause: "failed" | "aborted", by: UnwindBy): Promise<TOperation> {
  const op = await loadOperation(deps.db, id);
  if (!op) throw new Error(`operation ${id} vanished`);
  const plan = ZPlan.parse(op.plan);
  const done = op.steps.filter((s) => s.state === "SUCCEEDED" && s.index > (by.keepThrough ?? -1)).sort((a, b) => b.index - a.index);
  let ran = 0;
  let failedAt: number | null = null;
  for (const step of done) {
    const rb = plan.steps[step.index]?.rollback;
    if (!rb) continue; // the plan says this step changes nothing that needs undoing
    ran++;
    const handler = deps.actions[rb.action];
    const out: StepOutcome = handler
      ? await runStep(handler, { operation: op, step: toStepDto(step), params: rb.params }, { timeoutMs: step.timeoutMs })
      : { kind: "failed", output: `unknown action ${rb.action}`, exitCode: null, error: `unknown action ${rb.action}` };
    const ok = out.kind === "succeeded";
    const output = capOutput(`${step.output}\n--- rollback ${rb.action}${ok ? "" : ` ${out.kind.replace("_", " ")}`}\n${out.output}`);
    await commitChange(deps, id, {
      step: { id: step.id, data: ok ? { state: "ROLLED_BACK", output } : { output } },
      audit: { actor: by.actor, action: ok ? "operation.step_rolled_back" : "operation.rollback_failed", details: { index: step.index, action: step.action, rollback: rb.action } },
    });
    if (!ok) {
      failedAt = step.index;
      break;
    }
  }
  const state = finalState(cause, { ran, failed: failedAt !== null });
  const kept = by.keepThrough !== undefined ? `; steps 0-${by.keepThrough} stand` : "";
  const undone = (ran === 0 ? "nothing to roll back" : failedAt === null ? `rolled back ${ran} step(s)` : `rollback of step ${failedAt} failed; it and earlier steps were not undone`) + kept;
  const outcome = `${by.reason}; ${undone}`;
  await commitChange(deps, id, {
    op: { state, endedAt: deps.clock(), outcome },
    audit: { actor: by.actor, action: `operation.${state.toLowerCase()}`, details: { cause, reason: by.reason, outcome } },
  });
  return (await getOperation(deps.db, id))!;
}
