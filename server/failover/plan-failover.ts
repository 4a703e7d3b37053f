// Failover (DESIGN section 6, a dead or crashed primary): fence the old primary
// through the group's fencing levels (the soft hook while it still answers, a
// fence device out of band, isolation at the load balancer; the first that is
// confirmed wins; required and none worked: stop), promote the candidate, move
// the load balancer, verify, record the roles with the old primary FENCED.
import { describeAttempt, fencingBudgetMs, planFencing } from "../fencing/fencing-levels";
import { STEP_TIMEOUT, addCutover, chooseCandidate, describeHook, hookCall, hookStep, lbTarget, planBuilder, primaryOf, type PlanContext, type PlannedSwitch } from "./failover-plan";

/** confirmedOffBy: an operator confirmed the old primary is off (its site is lost): if no level fences it, fencing counts as done. */
export function planFailover(ctx: PlanContext, opts: { candidateServerId?: string; confirmedOffBy?: string } = {}): PlannedSwitch {
  const { group } = ctx;
  const old = primaryOf(group);
  const cand = chooseCandidate(group, opts.candidateServerId);
  const roles = { oldPrimary: old, candidate: cand };
  const call = (hook: Parameters<typeof hookCall>[1], m: typeof old) => hookCall(ctx, hook, m, roles);
  const lbOld = lbTarget(ctx, old);
  const lbNew = lbTarget(ctx, cand);
  const p = planBuilder();

  const fence = call("fence", old);
  const levels = planFencing({
    levels: group.fencingLevels,
    target: { serverId: old.serverId, name: old.name, health: old.health },
    hook: fence.command ? { command: fence.command, env: fence.env } : null,
    devices: ctx.fenceDevices.get(old.serverId) ?? [],
    lb: lbOld,
  });
  const tried = levels.filter((l) => !("skipped" in l)).map(describeAttempt);
  const requirement = opts.confirmedOffBy ? `; else ${opts.confirmedOffBy}'s confirmation that it is off` : group.requireFencing ? "; required" : "; not required";
  p.add(`fence ${old.name} (${tried.length ? tried.join(", else ") : "no way to fence configured"}${requirement})`, {
    action: "fence",
    serverId: old.serverId,
    params: { levels, required: group.requireFencing, ...(opts.confirmedOffBy ? { confirmedOffBy: opts.confirmedOffBy } : {}) },
    timeoutMs: fencingBudgetMs(levels, STEP_TIMEOUT.hook, STEP_TIMEOUT.lb),
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
