// How a drill schedule row reads: its drill settings (kept in the row's params
// Json), its timing for occurrences.ts, and the API shape.
import { z } from "zod";
import type { Prisma } from "../../db/client";
import { describeRecurrence } from "../../maintenance/occurrences";
import { timingOf } from "../../schedules/timing";
import { toRunDto } from "../../schedules/schedule-runs";
import { ZDrillMode, ZStopSeverity, type TDrillSchedule } from "../drills.types";

export const ZScheduleParams = z.object({
  mode: ZDrillMode,
  onlyInMaintenanceWindow: z.boolean(),
  holdSeconds: z.number().int(),
  stopOnSeverity: ZStopSeverity,
});
export type TScheduleParams = z.infer<typeof ZScheduleParams>;

/** The newest run is shown beside each schedule; dueAt orders them, as missed rows share the tick's `at`. */
export const scheduleInclude = {
  group: { select: { name: true } },
  runs: { orderBy: { dueAt: "desc" }, take: 1 },
} satisfies Prisma.ScheduleInclude;

export { nextRunAfter, timingOf } from "../../schedules/timing";
export { toRunDto } from "../../schedules/schedule-runs";

type ScheduleRow = Prisma.ScheduleGetPayload<{ include: typeof scheduleInclude }>;

export const paramsOf = (s: { params: Prisma.JsonValue }): TScheduleParams => ZScheduleParams.parse(s.params);


export function toScheduleDto(s: ScheduleRow): TDrillSchedule {
  const p = paramsOf(s);
  return {
    id: s.id,
    groupId: s.groupId!,
    groupName: s.group?.name ?? "(deleted)",
    mode: p.mode,
    start: s.localStart,
    timezone: s.timezone,
    rrule: s.rrule,
    recurrenceText: describeRecurrence(timingOf(s)),
    onlyInMaintenanceWindow: p.onlyInMaintenanceWindow,
    holdSeconds: p.holdSeconds,
    stopOnSeverity: p.stopOnSeverity,
    enabled: s.enabled,
    nextRunAt: s.nextRunAt?.toISOString() ?? null,
    lastRunAt: s.lastRunAt?.toISOString() ?? null,
    lastRun: s.runs[0] ? toRunDto(s.runs[0]) : null,
    createdBy: s.createdBy,
  };
}
