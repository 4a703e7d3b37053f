// Drill schedules as the list shows them: soonest next run first (ended series
// last), each with its group's name and its newest run.
import type { Db } from "../../db/client";
import type { TDrillSchedule } from "../drills.types";
import { scheduleInclude, toScheduleDto } from "./schedule-dto";

export async function listDrillSchedules(db: Db, q: { groupId?: string }): Promise<{ schedules: TDrillSchedule[] }> {
  const rows = await db.schedule.findMany({
    where: { kind: "DRILL", ...(q.groupId ? { groupId: q.groupId } : {}) },
    orderBy: [{ nextRunAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    include: scheduleInclude,
  });
  return { schedules: rows.map(toScheduleDto) };
}
