// A schedule's history of due times, newest first: the last 100 (three months
// of a daily schedule), enough to see a pattern of misses or failures.
import type { Db } from "../../db/client";
import { notFound } from "../../errors/app-error";
import type { TScheduleRun } from "../drills.types";
import { toRunDto } from "./schedule-dto";

const MAX_RUNS = 100;

export async function listScheduleRuns(db: Db, scheduleId: string): Promise<{ runs: TScheduleRun[] }> {
  const s = await db.schedule.findFirst({ where: { id: scheduleId, kind: "DRILL" }, select: { id: true } });
  if (!s) throw notFound("Drill schedule");
  const rows = await db.scheduleRun.findMany({ where: { scheduleId }, orderBy: [{ dueAt: "desc" }, { at: "desc" }], take: MAX_RUNS });
  return { runs: rows.map(toRunDto) };
}
