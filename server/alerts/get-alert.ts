// One alert with its timeline, the alerts folded into it, its deliveries, and
// what happened around it: the state changes of its servers and the operations
// on its group (or its servers' groups) from a while before it fired until a
// while after it ended.
import type { Db } from "../db/client";
import { notFound } from "../errors/app-error";
import type { TAlertDetail } from "./alerts.types";
import { alertInclude, toAlertDto } from "./alert-dto";
import { toDeliveryDto } from "../notifications/delivery-dto";

const AROUND_MS = 15 * 60_000;

export async function getAlert(db: Db, id: string, now = new Date()): Promise<TAlertDetail> {
  const row = await db.alert.findUnique({ where: { id }, include: { ...alertInclude, events: { orderBy: { at: "asc" } }, children: { include: alertInclude, orderBy: { firstSeenAt: "asc" } } } });
  if (!row) throw notFound("Alert");
  const from = new Date(row.firstSeenAt.getTime() - AROUND_MS);
  const to = new Date((row.resolvedAt ?? now).getTime() + AROUND_MS);

  // Servers concerned: the alert's own, or its group's members.
  const groupIds = row.groupId ? [row.groupId] : row.serverId ? (await db.groupMember.findMany({ where: { serverId: row.serverId }, select: { groupId: true } })).map((m) => m.groupId) : [];
  const serverIds = row.serverId ? [row.serverId] : row.groupId ? (await db.groupMember.findMany({ where: { groupId: row.groupId }, select: { serverId: true } })).map((m) => m.serverId) : [];

  const [deliveries, operations, related, stateChanges] = await Promise.all([
    db.alertDelivery.findMany({ where: { alertId: id }, orderBy: { createdAt: "asc" }, take: 200, include: { channel: { select: { name: true } } } }),
    groupIds.length
      ? db.operation.findMany({ where: { groupId: { in: groupIds }, createdAt: { lte: to }, OR: [{ endedAt: null }, { endedAt: { gte: from } }] }, orderBy: { createdAt: "asc" }, take: 50, include: { group: { select: { name: true } } } })
      : Promise.resolve([]),
    db.alert.findMany({
      where: {
        id: { not: id },
        parentId: { not: id },
        OR: [...(serverIds.length ? [{ serverId: { in: serverIds } }] : []), ...(groupIds.length ? [{ groupId: { in: groupIds } }] : [])],
        firstSeenAt: { gte: from, lte: to },
      },
      orderBy: { firstSeenAt: "asc" },
      take: 50,
      include: alertInclude,
    }),
    // State changes from the health history: rows whose state differs from the sample before (window function over the partitioned table).
    serverIds.length
      ? db.$queryRaw<{ serverId: string; serverName: string; at: Date; state: string }[]>`
          SELECT c."serverId", s.name AS "serverName", c.at, c.state::text AS state FROM (
            SELECT "serverId", at, state, lag(state) OVER (PARTITION BY "serverId" ORDER BY at) AS prev
              FROM "HealthSample" WHERE "serverId" = ANY(${serverIds}::uuid[]) AND at BETWEEN ${from} AND ${to}
          ) c JOIN "Server" s ON s.id = c."serverId"
          WHERE c.prev IS DISTINCT FROM c.state ORDER BY c.at LIMIT 200`
      : Promise.resolve([]),
  ]);

  return {
    ...toAlertDto(row),
    events: row.events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actor: e.actor, message: e.message })),
    children: row.children.map(toAlertDto),
    deliveries: deliveries.map((d) => toDeliveryDto(d, d.channel.name)),
    context: {
      stateChanges: stateChanges.map((c) => ({ serverId: c.serverId, serverName: c.serverName, at: c.at.toISOString(), state: c.state })),
      operations: operations.map((o) => ({ id: o.id, kind: o.kind, state: o.state, groupName: o.group?.name ?? null, initiator: o.initiator, createdAt: o.createdAt.toISOString(), endedAt: o.endedAt?.toISOString() ?? null, outcome: o.outcome })),
      related: related.map(toAlertDto),
    },
  };
}
