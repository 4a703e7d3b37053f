import type { Prisma } from "../db/client";
import type { TAlert, TAlertCounts } from "./alerts.types";
import type { Db } from "../db/client";

export const alertInclude = {
  server: { select: { id: true, name: true } },
  group: { select: { id: true, name: true } },
  _count: { select: { children: true } },
} satisfies Prisma.AlertInclude;

type AlertRow = Prisma.AlertGetPayload<{ include: typeof alertInclude }>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toAlertDto(a: AlertRow): TAlert {
  return {
    id: a.id,
    dedupKey: a.dedupKey,
    source: a.source,
    severity: a.severity,
    state: a.state,
    title: a.title,
    server: a.server,
    group: a.group,
    operationId: a.operationId,
    ruleId: a.ruleId,
    parentId: a.parentId,
    childCount: a._count.children,
    count: a.count,
    flapping: a.flapping,
    firstSeenAt: a.firstSeenAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    acknowledgedAt: iso(a.acknowledgedAt),
    acknowledgedBy: a.acknowledgedBy,
    ackComment: a.ackComment,
    resolvedAt: iso(a.resolvedAt),
    resolvedBy: a.resolvedBy,
    resolution: a.resolution,
    suppressed: a.suppressed,
    suppressedReason: a.suppressedReason,
    details: (a.details ?? {}) as Record<string, unknown>,
  };
}

/** What the header counter shows: open, top-level, unsuppressed alerts. */
export async function countOpenAlerts(db: Db | Prisma.TransactionClient): Promise<TAlertCounts> {
  const rows = await db.alert.groupBy({
    by: ["state", "severity"],
    where: { state: { not: "RESOLVED" }, parentId: null, suppressed: false },
    _count: { _all: true },
  });
  const counts: TAlertCounts = { firing: 0, acknowledged: 0, critical: 0 };
  for (const r of rows) {
    if (r.state === "FIRING") counts.firing += r._count._all;
    else counts.acknowledged += r._count._all;
    if (r.state === "FIRING" && r.severity === "CRITICAL") counts.critical += r._count._all;
  }
  return counts;
}
