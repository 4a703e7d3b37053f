// What drills showed: one drill's report (verdict, RTO/RPO, each step and its
// duration, where it stopped), a group's drill history with its freshness, and
// the fleet's freshness: days since each group's last passing live drill.
import type { Db, Prisma } from "../db/client";
import { notFound } from "../errors/app-error";
import { getOperation } from "../operations/get-operation";
import { ZPlan } from "../operations/operation.types";
import { ZDrillMeta, type TDrillFreshness, type TDrillMeta, type TDrillReport, type TDrillSummary, type TGroupDrills } from "./drills.types";

type OpRow = Prisma.OperationGetPayload<{ include: { group: { select: { name: true } } } }>;

const DAY_MS = 86_400_000;
const iso = (d: Date | null) => d?.toISOString() ?? null;

export function drillMetaOf(plan: unknown): { meta: TDrillMeta | null; descriptions: string[] } {
  const p = ZPlan.safeParse(plan);
  const meta = ZDrillMeta.safeParse(p.data?.meta ?? {});
  const d = (p.data?.meta as { descriptions?: unknown } | undefined)?.descriptions;
  return { meta: meta.success ? meta.data.drill : null, descriptions: Array.isArray(d) ? d.map(String) : [] };
}

/** Passed: it ran to the end. A halted, failed or rolled-back drill did not. */
function verdictOf(o: OpRow, meta: TDrillMeta | null): { passed: boolean | null; verdict: string } {
  if (["PLANNED", "RUNNING", "PAUSED"].includes(o.state)) return { passed: null, verdict: `${o.state.toLowerCase()}` };
  if (o.state === "SUCCEEDED") {
    return { passed: true, verdict: meta?.mode === "live" ? `passed: ${meta.standby?.name ?? "the standby"} took over and ${meta.originalPrimary.name} took back` : "passed: every precondition of a failover holds" };
  }
  return { passed: false, verdict: `${o.state === "ROLLED_BACK" ? "failed and restored" : o.state === "ABORTED" ? "halted" : "failed"}: ${o.outcome ?? "no reason recorded"}` };
}

function summary(o: OpRow): TDrillSummary {
  const { meta } = drillMetaOf(o.plan);
  const v = verdictOf(o, meta);
  return {
    operationId: o.id,
    groupId: o.groupId,
    groupName: o.group?.name ?? null,
    mode: meta?.mode ?? "dry-run",
    state: o.state,
    passed: v.passed,
    verdict: v.verdict,
    rtoMs: o.rtoMs,
    rpoMs: o.rpoMs,
    initiator: o.initiator,
    reason: o.reason,
    createdAt: o.createdAt.toISOString(),
    endedAt: iso(o.endedAt),
  };
}

export async function getDrillReport(db: Db, id: string): Promise<TDrillReport> {
  const row = await db.operation.findFirst({ where: { id, kind: "DRILL" }, include: { group: { select: { name: true } } } });
  if (!row) throw notFound("Drill");
  const op = (await getOperation(db, id))!;
  const { meta, descriptions } = drillMetaOf(row.plan);
  let restored: boolean | null = null;
  if (meta?.mode === "live" && row.groupId && row.endedAt) {
    const m = await db.groupMember.findUnique({ where: { groupId_serverId: { groupId: row.groupId, serverId: meta.originalPrimary.serverId } }, select: { role: true } });
    restored = m?.role === "PRIMARY";
  }
  return {
    ...summary(row),
    operation: op,
    holdSeconds: meta?.holdSeconds ?? 0,
    stopOnSeverity: meta?.stopOnSeverity ?? "CRITICAL",
    originalPrimary: meta?.originalPrimary ?? { serverId: row.id, name: "unknown" },
    standby: meta?.standby ?? null,
    steps: op.steps.map((s) => ({
      index: s.index,
      action: s.action,
      description: descriptions[s.index] ?? s.action,
      state: s.state,
      durationMs: s.startedAt && s.endedAt ? Date.parse(s.endedAt) - Date.parse(s.startedAt) : null,
      output: s.output,
    })),
    restored,
  };
}

function freshnessOf(groupId: string, groupName: string, drills: TDrillSummary[], maxAgeDays: number, now: Date): TDrillFreshness {
  const lastLive = drills.find((d) => d.mode === "live" && d.passed === true);
  const lastDry = drills.find((d) => d.mode === "dry-run" && d.passed !== null);
  const at = lastLive ? new Date(lastLive.endedAt ?? lastLive.createdAt) : null;
  const daysSince = at ? Math.floor(((now.getTime() - at.getTime()) / DAY_MS) * 10) / 10 : null;
  return {
    groupId,
    groupName,
    lastPassedLiveAt: at?.toISOString() ?? null,
    lastDryRunAt: lastDry ? (lastDry.endedAt ?? lastDry.createdAt) : null,
    lastDryRunPassed: lastDry ? lastDry.passed : null,
    daysSince,
    stale: daysSince === null || daysSince > maxAgeDays,
  };
}

export async function listGroupDrills(db: Db, groupId: string, maxAgeDays: number, now = new Date()): Promise<TGroupDrills> {
  const group = await db.redundancyGroup.findUnique({ where: { id: groupId }, select: { name: true } });
  if (!group) throw notFound("Group");
  const rows = await db.operation.findMany({ where: { groupId, kind: "DRILL" }, orderBy: { createdAt: "desc" }, take: 200, include: { group: { select: { name: true } } } });
  const drills = rows.map(summary);
  return { drills, freshness: freshnessOf(groupId, group.name, drills, maxAgeDays, now), maxAgeDays };
}

/** Every ACTIVE_PASSIVE group (the ones a drill applies to), stalest first. */
export async function drillFreshness(db: Db, maxAgeDays: number, now = new Date()): Promise<{ maxAgeDays: number; groups: TDrillFreshness[] }> {
  const groups = await db.redundancyGroup.findMany({ where: { mode: "ACTIVE_PASSIVE" }, select: { id: true, name: true } });
  const rows = await db.operation.findMany({
    where: { kind: "DRILL", groupId: { in: groups.map((g) => g.id) }, state: { in: ["SUCCEEDED", "FAILED", "ROLLED_BACK", "ABORTED"] } },
    orderBy: { createdAt: "desc" },
    take: 5000,
    include: { group: { select: { name: true } } },
  });
  const byGroup = new Map<string, TDrillSummary[]>();
  for (const r of rows) {
    const list = byGroup.get(r.groupId!) ?? [];
    list.push(summary(r));
    byGroup.set(r.groupId!, list);
  }
  const out = groups.map((g) => freshnessOf(g.id, g.name, byGroup.get(g.id) ?? [], maxAgeDays, now));
  out.sort((a, b) => (b.daysSince ?? Infinity) - (a.daysSince ?? Infinity) || a.groupName.localeCompare(b.groupName));
  return { maxAgeDays, groups: out };
}
