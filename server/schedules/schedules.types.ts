// Contracts every kind of schedule shares: a run (each time it was due) and the
// id in paths. Drill and rollout schedules add their own settings.
import { z } from "zod";

export const ZScheduleRun = z.object({
  id: z.uuid(),
  dueAt: z.iso.datetime(),
  at: z.iso.datetime(),
  outcome: z.enum(["STARTED", "MISSED", "SKIPPED", "FAILED"]),
  operationId: z.uuid().nullable(),
  detail: z.string(),
});
export type TScheduleRun = z.infer<typeof ZScheduleRun>;
export const ZScheduleRunList = z.object({ runs: z.array(ZScheduleRun) });
export const ZScheduleIdParams = z.object({ id: z.uuid() });
