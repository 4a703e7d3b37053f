// A schedule's history of due times, newest first: the last 100 (three months
// of a daily schedule), enough to see a pattern of misses or failures.
import type { Db, Prisma } from "../db/client";
import { notFound } from "../errors/app-error";
import type { ScheduleKindName } from "./scheduler";
import type { TScheduleRun } from "./schedules.types";

const MAX_RUNS = 100;

type RunRow = Prisma.ScheduleRunGetPayload<object>;

export const toRunDto = (r: RunRow): TScheduleRun => ({
  id: r.id,
  dueAt: r.dueAt.toISOString(),
  at: r.at.toISOString(),
  outcome: r.outcome,
  operationId: r.operationId,
  detail: r.detail,
});

/** `what` names the schedule in a 404 ("Drill schedule"). */
export async function listRunsOf(db: Db, kind: ScheduleKindName, what: string, scheduleId: string): Promise<{ runs: TScheduleRun[] }> {
  const s = await db.schedule.findFirst({ where: { id: scheduleId, kind }, select: { id: true } });
  if (!s) throw notFound(what);
  const rows = await db.scheduleRun.findMany({ where: { scheduleId }, orderBy: [{ dueAt: "desc" }, { at: "desc" }], take: MAX_RUNS });
  return { runs: rows.map(toRunDto) };
}
