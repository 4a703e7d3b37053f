// Starting a restore: plan it from the group's live state (409 without a
// provision hook, or when the group is OK and the caller did not insist),
// record it as a RESTORE operation (the group's lock refuses a second live
// operation: 409), hand it to the engine.
import type { Actor } from "../auth/principal";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { LiveStates } from "../groups/group-dto";
import { createOperation } from "../operations/create-operation";
import type { OperationsEngine, Started } from "../operations/engine";
import { loadRestoreContext, planRestore } from "./plan-restore";
import { RESTORE_ACTIONS } from "./restore-actions";
import type { TStartRestoreRequest } from "./restore.types";

export type RestoreDeps = { db: Db; engine: OperationsEngine | undefined; live: LiveStates | undefined };

export async function startRestore(deps: RestoreDeps, actor: Actor, groupId: string, req: TStartRestoreRequest): Promise<Started> {
  if (!deps.engine) throw new AppError("UNAVAILABLE", "The operations engine is not running");
  const planned = planRestore(await loadRestoreContext(deps.db, groupId, deps.live), { force: req.force });
  const { lost, site } = planned.meta;
  const what = `restore redundancy${lost ? ` lost with ${lost.name}` : ""}${site ? ` (new server in ${site})` : ""}`;
  const op = await createOperation(
    deps.db,
    actor,
    {
      kind: "RESTORE",
      groupId,
      reason: `${what}${req.reason ? `: ${req.reason}` : ""}`.slice(0, 500),
      ticketRef: req.ticketRef,
      plan: { ...planned.plan, meta: { restore: planned.meta, descriptions: planned.descriptions } },
    },
    { knownActions: new Set(RESTORE_ACTIONS) },
  );
  return deps.engine.run(op.id, actor);
}
