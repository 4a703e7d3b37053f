// Starting a drill: plan it from the group's live state (a live drill needs
// what a switchover needs: 409 otherwise), record it as a DRILL operation (the
// group's lock refuses a second live operation: 409), hand it to the engine.
import type { Actor } from "../auth/principal";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { LiveStates } from "../groups/group-dto";
import { createOperation } from "../operations/create-operation";
import type { OperationsEngine, Started } from "../operations/engine";
import { loadPlanContext } from "../failover/failover-plan";
import { FAILOVER_ACTIONS } from "../failover/failover-actions";
import { DRILL_ACTIONS } from "./drill-actions";
import { planDryRun, planLiveDrill } from "./plan-drill";
import type { TStartDrillRequest } from "./drills.types";

export const KNOWN_DRILL_ACTIONS: ReadonlySet<string> = new Set([...FAILOVER_ACTIONS, ...DRILL_ACTIONS]);

export type DrillDeps = { db: Db; engine: OperationsEngine | undefined; live: LiveStates | undefined };

export async function startDrill(deps: DrillDeps, actor: Actor, groupId: string, req: TStartDrillRequest, opts: { scheduleId?: string; parentId?: string } = {}): Promise<Started> {
  if (!deps.engine) throw new AppError("UNAVAILABLE", "The operations engine is not running");
  const ctx = await loadPlanContext(deps.db, groupId, deps.live);
  const o = { holdSeconds: req.holdSeconds, stopOnSeverity: req.stopOnSeverity, scheduleId: opts.scheduleId ?? null };
  const planned = req.mode === "live" ? planLiveDrill(ctx, o) : planDryRun(ctx, o);
  const op = await createOperation(
    deps.db,
    actor,
    {
      kind: "DRILL",
      groupId,
      parentId: opts.parentId ?? null,
      reason: `${req.mode === "live" ? "live drill" : "dry run"}${req.reason ? `: ${req.reason}` : ""}`.slice(0, 500),
      ticketRef: req.ticketRef,
      plan: { ...planned.plan, meta: { drill: planned.meta, descriptions: planned.descriptions } },
    },
    { knownActions: KNOWN_DRILL_ACTIONS },
  );
  return deps.engine.run(op.id, actor);
}
