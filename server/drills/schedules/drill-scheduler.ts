// How the scheduler (server/schedules/scheduler.ts) fires a drill schedule: the
// drill's settings from the schedule's params, SKIPPED outside a maintenance
// window when the schedule asks for one, and a missed run told as an alert.
// createDrillScheduler is a scheduler for drills alone (tests, tools).
import type { Db } from "../../db/client";
import type { Logger } from "../../lib/logger";
import { createScheduler, type ScheduleKind, type Scheduler } from "../../schedules/scheduler";
import type { TDrillMode } from "../drills.types";
import { paramsOf, type TScheduleParams } from "./schedule-dto";

export { dueRuns, missedRows, type DueRuns } from "../../schedules/due-runs";

export type ScheduledDrill = {
  scheduleId: string;
  groupId: string;
  mode: TDrillMode;
  holdSeconds: number;
  stopOnSeverity: TScheduleParams["stopOnSeverity"];
  dueAt: Date;
};

export type DrillScheduleKindDeps = {
  /** Starts the drill (production: startScheduledDrill); throws when it cannot (409 an operation runs, a precondition). */
  start: (s: ScheduledDrill) => Promise<{ operationId: string }>;
  /** Whether the group's members are in a running maintenance window now. */
  inMaintenanceWindow: (groupId: string) => boolean;
  /** Told when runs were missed (an alert: a missed drill is news, not a silent gap). */
  onMissed?: (m: { scheduleId: string; groupId: string; count: number; first: Date; last: Date }) => void;
};

export function drillScheduleKind(deps: DrillScheduleKindDeps): ScheduleKind {
  return {
    noun: "drill",
    auditTarget: "drill_schedule",
    where: { groupId: { not: null } },
    prepare(s) {
      const p = paramsOf(s);
      const groupId = s.groupId!;
      return {
        skipReason: () => (p.onlyInMaintenanceWindow && !deps.inMaintenanceWindow(groupId) ? "not inside a maintenance window" : null),
        async start(dueAt) {
          const { operationId } = await deps.start({ scheduleId: s.id, groupId, mode: p.mode, holdSeconds: p.holdSeconds, stopOnSeverity: p.stopOnSeverity, dueAt });
          return { operationId, detail: `started a ${p.mode} drill` };
        },
      };
    },
    onMissed: (s, m) => {
      if (s.groupId) deps.onMissed?.({ scheduleId: s.id, groupId: s.groupId, ...m });
    },
  };
}

export type DrillSchedulerDeps = DrillScheduleKindDeps & {
  db: Db;
  log: Logger;
  clock?: () => Date;
  tickMs?: number;
  /** How late a run may still start; older ones are missed. */
  graceMs?: number;
};

export type DrillScheduler = Scheduler;

export function createDrillScheduler(deps: DrillSchedulerDeps): DrillScheduler {
  const { db, log, clock, tickMs, graceMs, ...kind } = deps;
  return createScheduler({ db, log, clock, tickMs, graceMs, name: "drill schedules", kinds: { DRILL: drillScheduleKind(kind) } });
}
