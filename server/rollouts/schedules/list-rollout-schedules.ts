// Rollout schedules as the list shows them: soonest next run first (ended
// series last), each with its newest run.
import type { Db } from "../../db/client";
import type { TRolloutSchedule } from "./rollout-schedules.types";
import { rolloutScheduleInclude, toRolloutScheduleDto } from "./rollout-schedule-dto";

export async function listRolloutSchedules(db: Db): Promise<{ schedules: TRolloutSchedule[] }> {
  const rows = await db.schedule.findMany({
    where: { kind: "ROLLOUT" },
    orderBy: [{ nextRunAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    include: rolloutScheduleInclude,
  });
  return { schedules: rows.map(toRolloutScheduleDto) };
}
