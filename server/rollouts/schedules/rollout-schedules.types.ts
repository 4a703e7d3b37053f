// Contracts of rollout schedules: a rollout request (settings, reason, ticket)
// that starts on an RRULE in an IANA zone, like drill schedules.
import { z } from "zod";
import { ZLocalDateTime, ZRrule, ZTimeZone } from "../../maintenance/maintenance.types";
import { ZScheduleRun } from "../../schedules/schedules.types";
import { ZStartRolloutRequest } from "../rollouts.types";

export { ZScheduleIdParams, ZScheduleRunList } from "../../schedules/schedules.types";

export const ZRolloutSchedule = z.object({
  id: z.uuid(),
  start: ZLocalDateTime,
  timezone: z.string(),
  rrule: z.string(),
  recurrenceText: z.string(),
  enabled: z.boolean(),
  nextRunAt: z.iso.datetime().nullable(),
  lastRunAt: z.iso.datetime().nullable(),
  lastRun: ZScheduleRun.nullable(),
  createdBy: z.string(),
  /** What each run starts: the rollout's settings, reason and ticket. */
  rollout: ZStartRolloutRequest,
});
export type TRolloutSchedule = z.infer<typeof ZRolloutSchedule>;
export const ZRolloutScheduleList = z.object({ schedules: z.array(ZRolloutSchedule) });

export const ZCreateRolloutScheduleRequest = z.strictObject({
  start: ZLocalDateTime,
  timezone: ZTimeZone,
  rrule: ZRrule,
  enabled: z.boolean().default(true),
  rollout: ZStartRolloutRequest,
});
export type TCreateRolloutScheduleRequest = z.infer<typeof ZCreateRolloutScheduleRequest>;
export type TCreateRolloutScheduleInput = z.input<typeof ZCreateRolloutScheduleRequest>;

/** `rollout` replaces the whole request: its settings read together (targets, batches, command). */
export const ZUpdateRolloutScheduleRequest = z
  .strictObject({
    start: ZLocalDateTime.optional(),
    timezone: ZTimeZone.optional(),
    rrule: ZRrule.optional(),
    enabled: z.boolean().optional(),
    rollout: ZStartRolloutRequest.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "must change at least one field" });
export type TUpdateRolloutScheduleRequest = z.infer<typeof ZUpdateRolloutScheduleRequest>;
export type TUpdateRolloutScheduleInput = z.input<typeof ZUpdateRolloutScheduleRequest>;
