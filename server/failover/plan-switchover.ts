// Switchover (DESIGN section 6, manual, healthy primary): check the candidate,
// drain the old primary, demote it, promote the candidate, move the load
// balancer, verify, record the new roles. Each change carries its undo.
import { AppError } from "../errors/app-error";
import { STEP_TIMEOUT, addCutover, chooseCandidate, describeHook, hookCall, hookStep, lbTarget, planBuilder, primaryOf, type PlanContext, type PlannedSwitch } from "./failover-plan";

export function planSwitchover(ctx: PlanContext, opts: { candidateServerId?: string } = {}): PlannedSwitch {
  const { group } = ctx;
  const old = primaryOf(group);
  if (old.health !== "UP" && old.health !== "DEGRADED") {
    throw new AppError("CONFLICT", `The primary ${old.name} is ${old.health}: a switchover needs a live primary; use failover`);
  }
  const cand = chooseCandidate(group, opts.candidateServerId);
  const roles = { oldPrimary: old, candidate: cand };
  const call = (hook: Parameters<typeof hookCall>[1], m: typeof old) => hookCall(ctx, hook, m, roles);
  const lbOld = lbTarget(ctx, old);
  const lbNew = lbTarget(ctx, cand);
  const p = planBuilder();

  p.add(describeHook(call("check", cand), cand.name), hookStep(call("check", cand), cand.serverId));
  if (lbOld) {
    p.add(`drain ${old.name} (${lbOld.backend}/${lbOld.backendServer})`, {
      action: "lb-drain",
      serverId: old.serverId,
      params: lbOld,
      timeoutMs: STEP_TIMEOUT.lb,
      rollback: { action: "lb-enable", params: lbOld },
    });
  }
  p.add(describeHook(call("demote", old), old.name), hookStep(call("demote", old), old.serverId, call("promote", old)));
  p.add(describeHook(call("promote", cand), cand.name), hookStep(call("promote", cand), cand.serverId, call("demote", cand)));
  addCutover(p, { group, old, cand, lbOld, lbNew, check: call("check", cand), undoOldRemoval: true });
  return {
    kind: "SWITCHOVER",
    groupId: group.id,
    oldPrimary: { serverId: old.serverId, name: old.name },
    candidate: { serverId: cand.serverId, name: cand.name, lagSec: cand.lag },
    ...p.build(),
  };
}
