// Streamed events applied to the operation this tab holds (pure, so tested alone).
import type { TOperationStateEvent } from "@/server/operations/operation.types";
import type { TOperation, TOperationStep } from "./types";

/** The step replaced by index, or added in order (a step the snapshot did not have). */
export function withStep(op: TOperation, step: TOperationStep): TOperation {
  const known = op.steps.some((s) => s.index === step.index);
  const steps = known ? op.steps.map((s) => (s.index === step.index ? step : s)) : [...op.steps, step].sort((a, b) => a.index - b.index);
  return { ...op, steps };
}

const ENDED = new Set(["SUCCEEDED", "FAILED", "ABORTED", "ROLLED_BACK"]);

/**
 * What the cache keeps when a new copy of the operation arrives: an ended
 * operation is final, so a copy still saying it runs is older (an HTTP answer
 * sent before the room streamed the end) and is ignored. Every write of the
 * operation's cache entry goes through this.
 */
export function newerOf(prev: TOperation | undefined, next: TOperation): TOperation {
  return prev && prev.id === next.id && ENDED.has(prev.state) && !ENDED.has(next.state) ? prev : next;
}

/** The operation's own fields from a state event; its steps are left as they are. */
export function withState(op: TOperation, e: TOperationStateEvent): TOperation {
  return { ...op, state: e.state, currentStep: e.currentStep, startedAt: e.startedAt, endedAt: e.endedAt, outcome: e.outcome };
}
