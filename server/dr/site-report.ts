// A site operation's report: every group with its phase, stage, action, where
// it moved from and to, its child operation and RTO; per phase the total (first
// group started to last group ended), per-group percentiles and the most
// groups that were moving at once (the parallelism bound, as honoured).
import type { Db } from "../db/client";
import { notFound } from "../errors/app-error";
import { siteKinds } from "../operations/operation.types";
import type { TSiteOperationReport } from "./dr.types";
import { siteMetaOf } from "./site-meta";

export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The most intervals open at one instant (an interval ending as another starts does not overlap it). */
export function maxOverlap(intervals: readonly { from: number; to: number }[]): number {
  const edges = intervals.flatMap((i) => [
    { t: i.from, d: 1 },
    { t: i.to, d: -1 },
  ]);
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let open = 0;
  let max = 0;
  for (const e of edges) max = Math.max(max, (open += e.d));
  return max;
}

export async function getSiteReport(db: Db, id: string): Promise<TSiteOperationReport> {
  const op = await db.operation.findUnique({ where: { id }, include: { site: { select: { id: true, name: true } }, siteGroups: { include: { group: { select: { name: true } } }, orderBy: [{ phase: "desc" }, { stage: "asc" }, { position: "asc" }] } } });
  if (!op || !(siteKinds as readonly string[]).includes(op.kind)) throw notFound("Site operation");
  const meta = siteMetaOf(op.plan);
  const serverIds = [...new Set(op.siteGroups.flatMap((r) => [r.fromServerId, r.toServerId]).filter((x): x is string => !!x))];
  const names = new Map((await db.server.findMany({ where: { id: { in: serverIds } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  const groups = op.siteGroups.map((r) => ({
    groupId: r.groupId,
    name: r.group.name,
    phase: r.phase as "out" | "back",
    stage: r.stage,
    action: r.action as TSiteOperationReport["groups"][number]["action"],
    state: r.state,
    from: r.fromServerId ? (names.get(r.fromServerId) ?? null) : null,
    to: r.toServerId ? (names.get(r.toServerId) ?? null) : null,
    childOperationId: r.childOperationId,
    rtoMs: r.rtoMs,
    detail: r.detail,
    startedAt: r.startedAt?.toISOString() ?? null,
    endedAt: r.endedAt?.toISOString() ?? null,
  }));
  const phases = (["out", "back"] as const).flatMap((phase) => {
    const rows = op.siteGroups.filter((r) => r.phase === phase);
    if (!rows.length) return [];
    const timed = rows.filter((r) => r.startedAt && r.endedAt).map((r) => ({ from: r.startedAt!.getTime(), to: r.endedAt!.getTime() }));
    const rtos = rows.filter((r) => r.state === "SUCCEEDED" && r.rtoMs !== null).map((r) => r.rtoMs!).sort((a, b) => a - b);
    const n = (s: string) => rows.filter((r) => r.state === s).length;
    return [
      {
        phase,
        totalMs: timed.length ? Math.max(...timed.map((t) => t.to)) - Math.min(...timed.map((t) => t.from)) : null,
        groups: rows.length,
        succeeded: n("SUCCEEDED"),
        failed: n("FAILED"),
        skipped: n("SKIPPED"),
        p50Ms: percentile(rtos, 50),
        p95Ms: percentile(rtos, 95),
        maxParallel: maxOverlap(timed),
      },
    ];
  });
  const relatedIds =
    op.kind === "SITE_RETURN" && meta.evacuationId
      ? await db.operation.findMany({ where: { id: meta.evacuationId }, select: { id: true, kind: true, state: true } })
      : op.kind === "EVACUATION"
        ? await db.operation.findMany({ where: { kind: "SITE_RETURN", siteId: op.siteId, plan: { path: ["meta", "evacuationId"], equals: op.id } }, select: { id: true, kind: true, state: true }, orderBy: { createdAt: "asc" } })
        : [];
  const ended = !["PLANNED", "RUNNING", "PAUSED"].includes(op.state);
  return {
    operationId: op.id,
    kind: op.kind as TSiteOperationReport["kind"],
    state: op.state,
    site: op.site,
    dryRun: meta.dryRun,
    parallelism: meta.parallelism,
    stages: meta.stages.map((s) => s.name),
    groups,
    phases,
    verdict: op.kind === "SITE_DRILL" && ended ? (op.state === "SUCCEEDED" ? "PASS" : "FAIL") : null,
    related: relatedIds,
    notMoving: meta.notMoving,
    confirmedOff: meta.confirmedOff,
  };
}

export async function listSiteOperations(db: Db, siteId: string, take = 50) {
  const ops = await db.operation.findMany({ where: { siteId, kind: { in: [...siteKinds] } }, orderBy: { createdAt: "desc" }, take, select: { id: true, kind: true, state: true, createdAt: true, endedAt: true, rtoMs: true, outcome: true, plan: true } });
  return {
    operations: ops.map((o) => ({ id: o.id, kind: o.kind as "EVACUATION" | "SITE_RETURN" | "SITE_DRILL", state: o.state, createdAt: o.createdAt.toISOString(), endedAt: o.endedAt?.toISOString() ?? null, rtoMs: o.rtoMs, outcome: o.outcome, dryRun: siteMetaOf(o.plan).dryRun })),
  };
}
