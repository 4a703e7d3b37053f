// At startup, every operation left RUNNING by a previous process is resumed at
// its recorded step or ended safely, each with an audit record; PAUSED ones
// stay paused for their operator. Nothing stays RUNNING without a driver.
import { commitChange, engineActor, type EngineDeps } from "./commit-change";
import { driveOperation, type Driving } from "./drive-operation";
import type { TOperation } from "./operation.types";
import type { OperationKind } from "../db/generated/enums";
import { capOutput } from "./step-output";
import { unwindOperation } from "./unwind-operation";

export const INTERRUPTED = "interrupted by a Tandem restart";

export type Recovered = { operationId: string; action: "resumed" | "ended" | "finishing-abort" | "finishing-rollback"; done: Promise<TOperation> };

export async function recoverOperations(
  deps: EngineDeps,
  engine: { isActive(id: string): boolean; track(id: string, work: (d: Driving) => Promise<TOperation>): Promise<TOperation>; abortMark: string; ownDrivers?: readonly OperationKind[] },
): Promise<Recovered[]> {
  const ops = await deps.db.operation.findMany({ where: { state: "RUNNING", kind: { notIn: [...(engine.ownDrivers ?? [])] } }, include: { steps: { orderBy: { index: "asc" } } }, orderBy: { createdAt: "asc" }, take: 1000 });
  const out: Recovered[] = [];
  for (const op of ops) {
    if (engine.isActive(op.id)) continue;
    const audit = (details: Record<string, string | number | boolean>) => ({ actor: engineActor, action: "operation.recover", details });
    const step = op.steps[op.currentStep];
    const handler = step ? deps.actions[step.action] : undefined;

    if (op.outcome?.startsWith(engine.abortMark)) {
      // The operator asked to abort before the restart: finish that, never resume.
      await commitChange(deps, op.id, { audit: audit({ decision: "finish-abort" }) });
      const m = /^(?: \[keep 0-(\d+)\])?: ([\s\S]*)$/.exec(op.outcome.slice(engine.abortMark.length));
      const by = { actor: engineActor, reason: m?.[2] ?? op.outcome, keepThrough: m?.[1] !== undefined ? Number(m[1]) : undefined };
      out.push({ operationId: op.id, action: "finishing-abort", done: engine.track(op.id, () => unwindOperation(deps, op.id, "aborted", by)) });
    } else if (!step || step.state === "PENDING" || (step.state === "RUNNING" && handler?.resumable)) {
      // Not started yet, or safe to run again: carry on from the recorded step.
      await commitChange(deps, op.id, {
        ...(step?.state === "RUNNING" ? { step: { id: step.id, data: { state: "PENDING" as const, endedAt: null } } } : {}),
        audit: audit({ decision: "resume", index: op.currentStep }),
      });
      out.push({ operationId: op.id, action: "resumed", done: engine.track(op.id, (d) => driveOperation(deps, op.id, d)) });
    } else if (step.state === "FAILED") {
      // It was rolling back when the process died: finish the rollbacks still owed.
      await commitChange(deps, op.id, { audit: audit({ decision: "finish-rollback", index: step.index }) });
      const reason = `step ${step.index} (${step.action}) failed; rollback ${INTERRUPTED} and resumed`;
      out.push({ operationId: op.id, action: "finishing-rollback", done: engine.track(op.id, () => unwindOperation(deps, op.id, "failed", { actor: engineActor, reason })) });
    } else {
      // A step that may have half-run and is not safe to repeat: record it failed, undo, end.
      const reason = `step ${step.index} (${step.action}) ${INTERRUPTED}`;
      await commitChange(deps, op.id, {
        step: { id: step.id, data: { state: "FAILED", endedAt: deps.clock(), output: capOutput(step.output ? `${step.output}\n${INTERRUPTED}` : INTERRUPTED) } },
        audit: audit({ decision: "end", index: step.index, stepState: step.state }),
      });
      out.push({ operationId: op.id, action: "ended", done: engine.track(op.id, () => unwindOperation(deps, op.id, "failed", { actor: engineActor, reason })) });
    }
  }
  return out;
}
