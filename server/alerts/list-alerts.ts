import type { Db, Prisma } from "../db/client";
import type { TAlertList, TAlertListQuery } from "./alerts.types";
import { alertInclude, countOpenAlerts, toAlertDto } from "./alert-dto";

/** Newest first, paged by id (uuid v7 ids grow with time), filtered as the Alerts page and the API ask. */
export async function listAlerts(db: Db, q: TAlertListQuery): Promise<TAlertList> {
  const where: Prisma.AlertWhereInput = {
    ...(q.state ? { state: { in: q.state } } : {}),
    ...(q.severity ? { severity: { in: q.severity } } : {}),
    ...(q.source ? { source: { in: q.source } } : {}),
    ...(q.serverId ? { serverId: q.serverId } : {}),
    ...(q.groupId ? { groupId: q.groupId } : {}),
    // Open at some time in [from, to]: began before `to`, and not resolved before `from`.
    ...(q.to ? { firstSeenAt: { lte: new Date(q.to) } } : {}),
    ...(q.from ? { OR: [{ resolvedAt: null }, { resolvedAt: { gte: new Date(q.from) } }] } : {}),
    ...(q.includeSuppressed === false ? { suppressed: false } : {}),
    ...(q.topLevel ? { parentId: null } : {}),
    ...(q.q ? { title: { contains: q.q, mode: "insensitive" } } : {}),
    ...(q.cursor ? { id: { lt: q.cursor } } : {}),
  };
  const rows = await db.alert.findMany({ where, orderBy: { id: "desc" }, take: q.limit + 1, include: alertInclude });
  const page = rows.slice(0, q.limit);
  return { alerts: page.map(toAlertDto), nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null, counts: await countOpenAlerts(db) };
}
