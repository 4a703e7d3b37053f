// How the scheduler (server/schedules/scheduler.ts) fires a rollout schedule:
// startRollout with the stored request on behalf of the schedule (the audit
// names it), so a scheduled rollout is planned against the fleet as it is then
// and meets the same checks as one started by hand. A custom command was
// checked to come from an admin when the schedule was saved, so it runs as one.
import type { Actor } from "../../auth/principal";
import type { ScheduleKind } from "../../schedules/scheduler";
import { startRollout, type RolloutStartDeps } from "../start-rollout";
import { rolloutOf } from "./rollout-schedule-dto";

export function rolloutScheduleKind(deps: RolloutStartDeps): ScheduleKind {
  return {
    noun: "rollout",
    auditTarget: "rollout_schedule",
    prepare(s) {
      const req = rolloutOf(s);
      return {
        async start(dueAt) {
          const actor: Actor = { userId: null, label: `rollout schedule ${s.id}` };
          const reason = `${req.reason} (scheduled, due ${dueAt.toISOString()})`;
          const { operation } = await startRollout(deps, actor, { ...req, reason }, { scheduleId: s.id, isAdmin: true });
          return { operationId: operation.id, detail: `started a rollout (${req.command.kind} updates)` };
        },
      };
    },
  };
}
