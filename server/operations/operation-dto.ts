// Rows to DTOs: what the API, the room snapshot and the streamed events carry.
import type { Operation, OperationStep } from "../db/generated/client";
import type { TOperation, TOperationStateEvent, TOperationStep } from "./operation.types";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toStepDto(s: OperationStep): TOperationStep {
  return {
    id: s.id,
    index: s.index,
    action: s.action,
    serverId: s.serverId,
    state: s.state,
    timeoutMs: s.timeoutMs,
    startedAt: iso(s.startedAt),
    endedAt: iso(s.endedAt),
    exitCode: s.exitCode,
    output: s.output,
  };
}

export function toStateEvent(o: Operation): TOperationStateEvent {
  return { operationId: o.id, state: o.state, currentStep: o.currentStep, startedAt: iso(o.startedAt), endedAt: iso(o.endedAt), outcome: o.outcome };
}

export function toOperationDto(o: Operation & { steps: OperationStep[] }): TOperation {
  return {
    id: o.id,
    kind: o.kind,
    state: o.state,
    groupId: o.groupId,
    siteId: o.siteId,
    parentId: o.parentId,
    initiator: o.initiator,
    reason: o.reason,
    ticketRef: o.ticketRef,
    currentStep: o.currentStep,
    createdAt: o.createdAt.toISOString(),
    startedAt: iso(o.startedAt),
    endedAt: iso(o.endedAt),
    outcome: o.outcome,
    rtoMs: o.rtoMs,
    rpoMs: o.rpoMs,
    timings: (o.timings ?? {}) as Record<string, unknown>,
    steps: [...o.steps].sort((a, b) => a.index - b.index).map(toStepDto),
  };
}
