// Every change the engine makes to a step or an operation is written with its
// audit record in one transaction, then streamed to the operation's room.
import type { Db, Prisma } from "../db/client";
import type { Operation, OperationStep } from "../db/generated/client";
import type { Actor } from "../auth/principal";
import type { Logger } from "../lib/logger";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { ActionHandler } from "./run-step";
import { toStateEvent, toStepDto } from "./operation-dto";
import { operationEvents, operationRoom } from "./operation.types";
import { checkFence, type LeaderFence } from "../cluster/fencing";

export type Emit = (room: string, event: string, payload: unknown) => void;

export type EngineDeps = {
  db: Db;
  actions: Readonly<Record<string, ActionHandler>>;
  log: Logger;
  clock: () => Date;
  emit: Emit;
  /** In a cluster: the leader epoch every write must still hold (a deposed leader's late write is refused). */
  fence?: LeaderFence;
};

/** The author of changes the engine makes on its own (a step ending, a timeout). */
export const engineActor: Actor = { userId: null, label: "engine" };

export type Change = {
  step?: { id: string; data: Prisma.OperationStepUpdateInput };
  op?: Prisma.OperationUpdateInput;
  audit?: { actor: Actor; action: string; details?: Prisma.InputJsonValue };
};

export async function commitChange(deps: EngineDeps, operationId: string, c: Change): Promise<{ step?: OperationStep; op?: Operation }> {
  const res = await deps.db.$transaction(async (tx) => {
    const epoch = await checkFence(tx, deps.fence);
    if (epoch !== null && c.op) c = { ...c, op: { ...c.op, leaderEpoch: epoch } };
    const step = c.step ? await tx.operationStep.update({ where: { id: c.step.id }, data: c.step.data }) : undefined;
    const op = c.op ? await tx.operation.update({ where: { id: operationId }, data: c.op }) : undefined;
    if (c.audit) await recordAuditEvent(tx, c.audit.actor, { action: c.audit.action, targetType: "operation", targetId: operationId, details: c.audit.details ?? {} });
    return { step, op };
  });
  const room = operationRoom(operationId);
  try {
    if (res.step) deps.emit(room, operationEvents.step, { operationId, step: toStepDto(res.step) });
    if (res.op) deps.emit(room, operationEvents.state, toStateEvent(res.op));
  } catch (e) {
    // A broken socket must not stop an operation; the record is already written.
    deps.log.warn("operation event emit failed", { operationId, err: e as Error });
  }
  return res;
}

export async function loadOperation(db: Db, id: string) {
  return db.operation.findUnique({ where: { id }, include: { steps: { orderBy: { index: "asc" } } } });
}
