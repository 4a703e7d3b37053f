// Contracts of failover drills: starting one (dry run or live), its report,
// a group's drill history and freshness, and drill schedules with their runs.
import { z } from "zod";
import { ZOperation } from "../operations/operation.types";
import { ZLocalDateTime, ZRrule, ZTimeZone } from "../maintenance/maintenance.types";
import { ZScheduleRun } from "../schedules/schedules.types";

export const DRILL_MODES = ["dry-run", "live"] as const;
export const ZDrillMode = z.enum(DRILL_MODES);
export type TDrillMode = z.infer<typeof ZDrillMode>;

/** Alert severities that stop a live drill: an alert at least this severe in the group halts it and restores the original primary. */
export const ZStopSeverity = z.enum(["WARNING", "CRITICAL"]);

export const ZStartDrillRequest = z
  .object({
    mode: ZDrillMode,
    /** Why (the report shows it); the UI asks for it, a script may leave it out. */
    reason: z.string().trim().max(500).default(""),
    ticketRef: z.string().trim().max(100).optional(),
    /** Live: how long the standby serves as primary before failing back. */
    holdSeconds: z.number().int().min(0).max(3600).default(30),
    stopOnSeverity: ZStopSeverity.default("CRITICAL"),
  })
  .strict();
export type TStartDrillRequest = z.infer<typeof ZStartDrillRequest>;

/** Stored in the operation's plan: what kind of drill it is. */
export const ZDrillMeta = z.object({
  drill: z.object({
    mode: ZDrillMode,
    holdSeconds: z.number().int(),
    stopOnSeverity: ZStopSeverity,
    originalPrimary: z.object({ serverId: z.uuid(), name: z.string() }),
    standby: z.object({ serverId: z.uuid(), name: z.string() }).nullable(),
    scheduleId: z.uuid().nullable().default(null),
  }),
});
export type TDrillMeta = z.infer<typeof ZDrillMeta>["drill"];

export const ZDrillIdParams = z.object({ id: z.uuid() });

export const ZDrillSummary = z.object({
  operationId: z.uuid(),
  groupId: z.uuid().nullable(),
  groupName: z.string().nullable(),
  mode: ZDrillMode,
  state: z.string(),
  /** Null while it runs. */
  passed: z.boolean().nullable(),
  verdict: z.string(),
  rtoMs: z.number().int().nullable(),
  rpoMs: z.number().int().nullable(),
  initiator: z.string(),
  reason: z.string(),
  createdAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
});
export type TDrillSummary = z.infer<typeof ZDrillSummary>;

/** A drill's report: its summary, every step with its duration, and where it stopped if it did not pass. */
export const ZDrillReport = ZDrillSummary.extend({
  operation: ZOperation,
  holdSeconds: z.number().int(),
  stopOnSeverity: ZStopSeverity,
  originalPrimary: z.object({ serverId: z.uuid(), name: z.string() }),
  standby: z.object({ serverId: z.uuid(), name: z.string() }).nullable(),
  steps: z.array(
    z.object({
      index: z.number().int(),
      action: z.string(),
      description: z.string(),
      state: z.string(),
      durationMs: z.number().int().nullable(),
      output: z.string(),
    }),
  ),
  /** Live drills: whether the original primary is PRIMARY again. */
  restored: z.boolean().nullable(),
});
export type TDrillReport = z.infer<typeof ZDrillReport>;

export const ZDrillFreshness = z.object({
  groupId: z.uuid(),
  groupName: z.string(),
  lastPassedLiveAt: z.iso.datetime().nullable(),
  lastDryRunAt: z.iso.datetime().nullable(),
  lastDryRunPassed: z.boolean().nullable(),
  /** Days since the last passing live drill; null: never. */
  daysSince: z.number().nullable(),
  /** Older than the configured age (TANDEM_DRILL_MAX_AGE_DAYS), or never drilled. */
  stale: z.boolean(),
});
export type TDrillFreshness = z.infer<typeof ZDrillFreshness>;
export const ZDrillFreshnessList = z.object({ maxAgeDays: z.number().int(), groups: z.array(ZDrillFreshness) });

export const ZGroupDrills = z.object({ drills: z.array(ZDrillSummary), freshness: ZDrillFreshness, maxAgeDays: z.number().int() });
export type TGroupDrills = z.infer<typeof ZGroupDrills>;

// ---- schedules

export { ZScheduleIdParams, ZScheduleRun, ZScheduleRunList, type TScheduleRun } from "../schedules/schedules.types";

export const ZDrillSchedule = z.object({
  id: z.uuid(),
  groupId: z.uuid(),
  groupName: z.string(),
  mode: ZDrillMode,
  start: ZLocalDateTime,
  timezone: z.string(),
  rrule: z.string(),
  recurrenceText: z.string(),
  onlyInMaintenanceWindow: z.boolean(),
  holdSeconds: z.number().int(),
  stopOnSeverity: ZStopSeverity,
  enabled: z.boolean(),
  nextRunAt: z.iso.datetime().nullable(),
  lastRunAt: z.iso.datetime().nullable(),
  lastRun: ZScheduleRun.nullable(),
  createdBy: z.string(),
});
export type TDrillSchedule = z.infer<typeof ZDrillSchedule>;
export const ZDrillScheduleList = z.object({ schedules: z.array(ZDrillSchedule) });
export const ZDrillScheduleListQuery = z.object({ groupId: z.uuid().optional() });

export const ZCreateDrillScheduleRequest = z
  .object({
    groupId: z.uuid(),
    mode: ZDrillMode,
    start: ZLocalDateTime,
    timezone: ZTimeZone,
    rrule: ZRrule,
    onlyInMaintenanceWindow: z.boolean().default(false),
    holdSeconds: z.number().int().min(0).max(3600).default(30),
    stopOnSeverity: ZStopSeverity.default("CRITICAL"),
    enabled: z.boolean().default(true),
  })
  .strict();
export type TCreateDrillScheduleRequest = z.infer<typeof ZCreateDrillScheduleRequest>;
export const ZUpdateDrillScheduleRequest = z
  .object({
    mode: ZDrillMode.optional(),
    start: ZLocalDateTime.optional(),
    timezone: ZTimeZone.optional(),
    rrule: ZRrule.optional(),
    onlyInMaintenanceWindow: z.boolean().optional(),
    holdSeconds: z.number().int().min(0).max(3600).optional(),
    stopOnSeverity: ZStopSeverity.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "must change at least one field" });
export type TUpdateDrillScheduleRequest = z.infer<typeof ZUpdateDrillScheduleRequest>;
