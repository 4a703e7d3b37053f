import type { Db } from "../db/client";
import { toOperationDto } from "../operations/operation-dto";
import type { TOperation } from "../operations/operation.types";
import type { TListOperationsQuery } from "./failover.types";

/** Newest first, with their steps. */
export async function listOperations(db: Db, q: TListOperationsQuery): Promise<TOperation[]> {
  const rows = await db.operation.findMany({
    where: { ...(q.groupId ? { groupId: q.groupId } : {}), ...(q.state ? { state: q.state } : {}), ...(q.kind ? { kind: q.kind } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit,
    include: { steps: { orderBy: { index: "asc" } } },
  });
  return rows.map(toOperationDto);
}
