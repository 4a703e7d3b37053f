// What the drill scheduler's `start` is in production: startDrill on behalf of
// the schedule (no user: the audit names the schedule), so a scheduled drill
// meets the same preconditions and group lock as one started by hand.
import type { Actor } from "../../auth/principal";
import { startDrill, type DrillDeps } from "../start-drill";
import type { ScheduledDrill } from "./drill-scheduler";

export function startScheduledDrill(deps: DrillDeps): (s: ScheduledDrill) => Promise<{ operationId: string }> {
  return async (s) => {
    const actor: Actor = { userId: null, label: `drill schedule ${s.scheduleId}` };
    const req = { mode: s.mode, reason: `scheduled, due ${s.dueAt.toISOString()}`, holdSeconds: s.holdSeconds, stopOnSeverity: s.stopOnSeverity };
    const started = await startDrill(deps, actor, s.groupId, req, { scheduleId: s.scheduleId });
    return { operationId: started.operation.id };
  };
}
