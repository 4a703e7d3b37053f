import type { Db, Prisma } from "../db/client";
import type { TAuditPage, TAuditQuery } from "./audit.types";

/** Newest first, paged by id (ids grow with time), filtered as the Audit page asks. */
export async function listAuditEvents(db: Db, q: TAuditQuery): Promise<TAuditPage> {
  const where: Prisma.AuditEventWhereInput = {
    ...(q.actor ? { actorLabel: { contains: q.actor, mode: "insensitive" } } : {}),
    ...(q.action ? { action: { startsWith: q.action } } : {}),
    ...(q.targetType ? { targetType: q.targetType } : {}),
    ...(q.targetId ? { targetId: q.targetId } : {}),
    ...(q.from || q.to ? { at: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lte: new Date(q.to) } : {}) } } : {}),
    ...(q.before ? { id: { lt: BigInt(q.before) } } : {}),
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  return {
    events: page.map((e) => ({
      id: e.id.toString(),
      at: e.at.toISOString(),
      actor: { userId: e.actorUserId, label: e.actorLabel },
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      ip: e.ip,
      userAgent: e.userAgent,
      requestId: e.requestId,
      details: e.details,
    })),
    nextBefore: rows.length > q.limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}
