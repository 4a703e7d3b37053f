// Records a planned operation, its steps and its audit event together; the
// database's partial unique index refuses a second live operation on a group.
import type { Db, Prisma } from "../db/client";
import type { Actor } from "../auth/principal";
import { AppError } from "../errors/app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getOperation } from "./get-operation";
import { ZCreateOperationRequest, type TCreateOperationRequest, type TOperation } from "./operation.types";

const LOCK_INDEX = "Operation_one_active_per_group";
const SITE_LOCK_INDEX = "Operation_one_active_per_site";

/** The unique violation of the one-live-operation-per-group index, however the driver reports it. */
export function isGroupLockViolation(e: unknown): boolean {
  return isUniqueViolationOf(e, LOCK_INDEX);
}

function isUniqueViolationOf(e: unknown, index: string): boolean {
  const err = e as { code?: unknown; meta?: unknown; message?: unknown; constraint?: unknown } | null;
  if (!err || (err.code !== "P2002" && err.code !== "23505")) return false;
  // Prisma 7 with the pg adapter names the index in meta.driverAdapterError.cause.constraint;
  // a raw pg error (23505) has it in `constraint`.
  const text = `${JSON.stringify(err.meta ?? {})} ${String(err.constraint ?? "")} ${String(err.message ?? "")}`;
  return text.includes(index);
}

export async function createOperation(
  db: Db,
  actor: Actor,
  request: TCreateOperationRequest,
  opts: { knownActions?: ReadonlySet<string> } = {},
): Promise<TOperation> {
  const input = ZCreateOperationRequest.parse(request);
  if (opts.knownActions) {
    const fields = input.plan.steps.flatMap((s, i) => [
      ...(opts.knownActions!.has(s.action) ? [] : [{ path: `plan.steps.${i}.action`, message: `unknown action ${s.action}` }]),
      ...(s.rollback && !opts.knownActions!.has(s.rollback.action) ? [{ path: `plan.steps.${i}.rollback.action`, message: `unknown action ${s.rollback.action}` }] : []),
    ]);
    if (fields.length) throw new AppError("VALIDATION", "The plan names unknown actions", { fields });
  }
  try {
    const id = await db.$transaction(async (tx) => {
      const op = await tx.operation.create({
        data: {
          kind: input.kind,
          groupId: input.groupId,
          siteId: input.siteId,
          parentId: input.parentId,
          initiator: actor.label,
          reason: input.reason,
          ticketRef: input.ticketRef ?? null,
          plan: input.plan as Prisma.InputJsonValue,
          steps: { create: input.plan.steps.map((s, index) => ({ index, action: s.action, serverId: s.serverId ?? null, timeoutMs: s.timeoutMs, state: "PENDING" as const })) },
        },
      });
      await recordAuditEvent(tx, actor, {
        action: "operation.create",
        targetType: "operation",
        targetId: op.id,
        details: { kind: op.kind, groupId: op.groupId, ...(op.siteId ? { siteId: op.siteId } : {}), ...(op.parentId ? { parentId: op.parentId } : {}), reason: op.reason, ticketRef: op.ticketRef, steps: input.plan.steps.map((s) => s.action) },
      });
      return op.id;
    });
    return (await getOperation(db, id))!;
  } catch (e) {
    if (isGroupLockViolation(e)) throw new AppError("CONFLICT", "An operation is already running on this group", { cause: e });
    if (isUniqueViolationOf(e, SITE_LOCK_INDEX)) throw new AppError("CONFLICT", "A site operation (evacuation, return or site drill) is already running on this site", { cause: e });
    throw e;
  }
}
