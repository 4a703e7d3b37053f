import type { Db, Tx } from "../db/client";
import { toOperationDto } from "./operation-dto";
import type { TOperation } from "./operation.types";

/** An operation with its steps in order, or null; also the `operation:<id>` room snapshot. */
export async function getOperation(db: Db | Tx, id: string): Promise<TOperation | null> {
  const op = await db.operation.findUnique({ where: { id }, include: { steps: { orderBy: { index: "asc" } } } });
  return op ? toOperationDto(op) : null;
}
