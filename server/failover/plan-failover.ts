// Failover (DESIGN section 6, manual, dead primary): fence the old primary
// (its hook, else isolation at the load balancer; required and failed: stop),
// promote the candidate, move the load balancer, verify, record the roles with
// the old primary FENCED.
import { STEP_TIMEOUT, addCutover, chooseCandidate, describeHook, hookCall, hookStep, lbTarget, planBuilder, primaryOf, type PlanContext, type PlannedSwitch } from "./failover-plan";

export function planFailover(ctx: PlanContext, opts: { candidateServerId?: string } = {}): PlannedSwitch {
  const { group } = ctx;
  const old = primaryOf(group);
  const cand = chooseCandidate(group, opts.candidateServerId);
  const roles = { oldPrimary: old, candidate: cand };
  const call = (hook: Parameters<typeof hookCall>[1], m: typeof old) => hookCall(ctx, hook, m, roles);
  const lbOld = lbTarget(ctx, old);
  const lbNew = lbTarget(ctx, cand);
  const p = planBuilder();

  const fence = call("fence", old);
  const how = [fence.command ? "its fence hook" : null, lbOld ? `isolation at ${lbOld.backend}/${lbOld.backendServer}` : null].filter(Boolean).join(", else ");
  p.add(`fence ${old.name} (${how || "no way to fence configured"}${group.requireFencing ? "; required" : "; not required"})`, {
    action: "fence",
    serverId: old.serverId,
    params: { fence, lb: lbOld, required: group.requireFencing },
    timeoutMs: STEP_TIMEOUT.hook + STEP_TIMEOUT.lb,
  });
  p.add(describeHook(call("promote", cand), cand.name), hookStep(call("promote", cand), cand.serverId, call("demote", cand)));
  addCutover(p, { group, old, cand, lbOld, lbNew, check: call("check", cand), undoOldRemoval: false, oldAdminState: "FENCED" });
  return {
    kind: "FAILOVER",
    groupId: group.id,
    oldPrimary: { serverId: old.serverId, name: old.name },
    candidate: { serverId: cand.serverId, name: cand.name, lagSec: cand.lag },
    ...p.build(),
  };
}
