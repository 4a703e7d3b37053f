// Advances a RUNNING operation from its recorded step: each step is marked
// RUNNING, run under its timeout, recorded with its result, and `currentStep`
// moves on in the same transaction, so a restart knows exactly where it was.
import type { Actor } from "../auth/principal";
import { commitChange, engineActor, loadOperation, type EngineDeps } from "./commit-change";
import { getOperation } from "./get-operation";
import { ZPlan, type TOperation } from "./operation.types";
import { toStepDto } from "./operation-dto";
import { runStep, type StepOutcome } from "./run-step";
import { unwindOperation, type UnwindBy } from "./unwind-operation";

/** What the engine keeps per operation it is driving in this process. */
export type Driving = {
  controller: AbortController;
  abortBy?: UnwindBy;
  /** Drivers that can pause (rollouts): start nothing new, let what is in flight finish, then end PAUSED. */
  pauseBy?: UnwindBy;
  /** Set on engine stop: finish the current step, leave the operation RUNNING for recover(). */
  stopping: boolean;
};

export async function driveOperation(deps: EngineDeps, id: string, d: Driving): Promise<TOperation> {
  const op = await loadOperation(deps.db, id);
  if (!op) throw new Error(`operation ${id} vanished`);
  const plan = ZPlan.parse(op.plan);
  const policy = plan.policy ?? { onTimeout: "pause", continueOnFailure: false };
  // With continueOnFailure, the steps that failed so far (a restart re-reads them from the rows).
  const failedChecks = op.steps.slice(0, op.currentStep).filter((s) => s.state === "FAILED").map((s) => s.index);
  for (let i = op.currentStep; i < op.steps.length; i++) {
    if (d.abortBy) return unwindOperation(deps, id, "aborted", d.abortBy);
    if (d.stopping) return (await getOperation(deps.db, id))!;
    const started = await commitChange(deps, id, {
      step: { id: op.steps[i]!.id, data: { state: "RUNNING", startedAt: deps.clock(), endedAt: null, exitCode: null, output: "" } },
    });
    const step = started.step!;
    const handler = deps.actions[step.action];
    const out: StepOutcome = handler
      ? await runStep(handler, { operation: op, step: toStepDto(step), params: plan.steps[i]?.params ?? {} }, { timeoutMs: step.timeoutMs, abort: d.controller.signal })
      : { kind: "failed", output: `unknown action ${step.action}`, exitCode: null, error: `unknown action ${step.action}` };
    const ended = deps.clock();
    const details = { index: i, action: step.action, result: out.kind };
    if (out.kind === "succeeded") {
      await commitChange(deps, id, {
        step: { id: step.id, data: { state: "SUCCEEDED", endedAt: ended, exitCode: out.exitCode, output: out.output } },
        op: { currentStep: i + 1 },
        audit: { actor: engineActor, action: "operation.step_succeeded", details },
      });
    } else if ((out.kind === "timed_out" || out.kind === "failed") && plan.steps[i]?.onFailure === "stop") {
      const why = out.kind === "failed" ? `step ${i} (${step.action}) failed: ${out.error}` : `step ${i} (${step.action}) timed out after ${step.timeoutMs} ms`;
      const outcome = `${why}; stopped here without undoing: steps before it stand`;
      await commitChange(deps, id, {
        step: { id: step.id, data: { state: out.kind === "failed" ? "FAILED" : "TIMED_OUT", endedAt: ended, exitCode: out.kind === "failed" ? out.exitCode : null, output: out.output } },
        op: { state: "FAILED", endedAt: ended, outcome },
        audit: { actor: engineActor, action: "operation.failed", details: { ...details, reason: outcome } },
      });
      return (await getOperation(deps.db, id))!;
    } else if (out.kind === "timed_out" && policy.onTimeout === "unwind") {
      await commitChange(deps, id, {
        step: { id: step.id, data: { state: "TIMED_OUT", endedAt: ended, output: out.output } },
        audit: { actor: engineActor, action: "operation.step_timed_out", details },
      });
      return unwindOperation(deps, id, "failed", { actor: engineActor, reason: `step ${i} (${step.action}) timed out after ${step.timeoutMs} ms` });
    } else if (out.kind === "timed_out") {
      // Ask the operator instead of forcing or hanging: resume (re-run or skip) or abort.
      await commitChange(deps, id, {
        step: { id: step.id, data: { state: "TIMED_OUT", endedAt: ended, output: out.output } },
        op: { state: "PAUSED", outcome: `step ${i} (${step.action}) timed out after ${step.timeoutMs} ms; waiting for an operator` },
        audit: { actor: engineActor, action: "operation.paused", details },
      });
      return (await getOperation(deps.db, id))!;
    } else {
      await commitChange(deps, id, {
        step: { id: step.id, data: { state: "FAILED", endedAt: ended, exitCode: out.kind === "failed" ? out.exitCode : null, output: out.output } },
        audit: { actor: engineActor, action: "operation.step_failed", details },
      });
      if (out.kind === "aborted") return unwindOperation(deps, id, "aborted", d.abortBy ?? { actor: engineActor, reason: "aborted" });
      if (policy.continueOnFailure) {
        failedChecks.push(i);
        await commitChange(deps, id, { op: { currentStep: i + 1 } });
        continue;
      }
      return unwindOperation(deps, id, "failed", { actor: engineActor, reason: `step ${i} (${step.action}) failed: ${out.error}` });
    }
  }
  if (failedChecks.length) {
    const reason = `${failedChecks.length} of ${op.steps.length} check(s) failed (step ${failedChecks.join(", ")}); nothing was changed`;
    await commitChange(deps, id, { op: { state: "FAILED", endedAt: deps.clock(), outcome: reason }, audit: { actor: engineActor, action: "operation.failed", details: { reason, failed: failedChecks } } });
    return (await getOperation(deps.db, id))!;
  }
  // An abort that arrived while the last step still succeeded still undoes the operation.
  if (d.abortBy) return unwindOperation(deps, id, "aborted", d.abortBy);
  await commitChange(deps, id, {
    op: { state: "SUCCEEDED", endedAt: deps.clock(), outcome: `all ${op.steps.length} step(s) succeeded` },
    audit: { actor: engineActor, action: "operation.succeeded", details: { steps: op.steps.length } },
  });
  return (await getOperation(deps.db, id))!;
}
