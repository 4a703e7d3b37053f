// How a rollout schedule row reads: its rollout request (the row's params Json)
// and the API shape.
import type { Prisma } from "../../db/client";
import { describeRecurrence } from "../../maintenance/occurrences";
import { timingOf } from "../../schedules/timing";
import { toRunDto } from "../../schedules/schedule-runs";
import { ZStartRolloutRequest, type TStartRolloutRequest } from "../rollouts.types";
import type { TRolloutSchedule } from "./rollout-schedules.types";

/** The newest run is shown beside each schedule; dueAt orders them, as missed rows share the tick's `at`. */
export const rolloutScheduleInclude = { runs: { orderBy: { dueAt: "desc" }, take: 1 } } satisfies Prisma.ScheduleInclude;

type Row = Prisma.ScheduleGetPayload<{ include: typeof rolloutScheduleInclude }>;

export const rolloutOf = (s: { params: Prisma.JsonValue }): TStartRolloutRequest => ZStartRolloutRequest.parse(s.params);

export function toRolloutScheduleDto(s: Row): TRolloutSchedule {
  return {
    id: s.id,
    start: s.localStart,
    timezone: s.timezone,
    rrule: s.rrule,
    recurrenceText: describeRecurrence(timingOf(s)),
    enabled: s.enabled,
    nextRunAt: s.nextRunAt?.toISOString() ?? null,
    lastRunAt: s.lastRunAt?.toISOString() ?? null,
    lastRun: s.runs[0] ? toRunDto(s.runs[0]) : null,
    createdBy: s.createdBy,
    rollout: rolloutOf(s),
  };
}
