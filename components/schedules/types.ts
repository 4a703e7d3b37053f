// Client types shared by every kind of schedule (type-only imports of the server's zod schemas).
import type { TScheduleRun } from "@/server/schedules/schedules.types";

export type { TScheduleRun };

/** What the schedule list shows of any schedule, whatever it starts. */
export type TScheduleBase = {
  id: string;
  enabled: boolean;
  recurrenceText: string;
  nextRunAt: string | null;
  timezone: string;
  lastRun: TScheduleRun | null;
};
