// How a drill schedule row reads: its drill settings (kept in the row's params
// Json), its timing for occurrences.ts, and the API shape.
import { z } from "zod";
import type { Prisma } from "../../db/client";
import { describeRecurrence, nextOccurrence, placeLocal, type WindowTiming } from "../../maintenance/occurrences";
import { ZDrillMode, ZStopSeverity, type TDrillSchedule, type TScheduleRun } from "../drills.types";

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

type ScheduleRow = Prisma.ScheduleGetPayload<{ include: typeof scheduleInclude }>;
type RunRow = Prisma.ScheduleRunGetPayload<object>;
type TimingColumns = { localStart: string; timezone: string; rrule: string };

/** A schedule fires at an instant; occurrences.ts reads it as a one-minute window. */
export const timingOf = (s: TimingColumns): WindowTiming => ({ localStart: s.localStart, timezone: s.timezone, rrule: s.rrule, durationMinutes: 1 });

/** The first run after `now`; null when the series has ended. */
export function nextRunAfter(timing: WindowTiming, now: Date): Date | null {
  // nextOccurrence looks one year ahead: a series starting later is searched from its start.
  const first = placeLocal(timing.localStart, timing.timezone);
  return nextOccurrence(timing, first > now ? new Date(first.getTime() - 1) : now)?.start ?? null;
}

export const paramsOf = (s: { params: Prisma.JsonValue }): TScheduleParams => ZScheduleParams.parse(s.params);

export const toRunDto = (r: RunRow): TScheduleRun => ({
  id: r.id,
  dueAt: r.dueAt.toISOString(),
  at: r.at.toISOString(),
  outcome: r.outcome,
  operationId: r.operationId,
  detail: r.detail,
});

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
