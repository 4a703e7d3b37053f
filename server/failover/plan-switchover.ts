// Switchover (DESIGN section 6, manual, healthy primary): check the candidate,
// drain the old primary, demote it, promote the candidate, move the load
// balancer, verify, record the new roles. Each change carries its undo.
import { AppError } from "../errors/app-error";
import { STEP_TIMEOUT, chooseCandidate, describeHook, hookCall, hookStep, lbTarget, planBuilder, primaryOf, type PlanContext, type PlannedSwitch } from "./failover-plan";

export function planSwitchover(ctx: PlanContext, opts: { candidateServerId?: string } = {}): PlannedSwitch {
  const { group } = ctx;
  const old = primaryOf(group);
  if (old.state !== "UP" && old.state !== "DEGRADED") {
    throw new AppError("CONFLICT", `The primary ${old.name} is ${old.state}: a switchover needs a live primary; use failover`);
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
  if (lbOld) {
    p.add(`${lbOld.backend}/${lbOld.backendServer} to maintenance`, {
      action: "lb-disable",
      serverId: old.serverId,
      params: lbOld,
      timeoutMs: STEP_TIMEOUT.lb,
      rollback: { action: "lb-enable", params: lbOld },
    });
  }
  if (lbNew) {
    p.add(`${lbNew.backend}/${lbNew.backendServer} to ready`, {
      action: "lb-enable",
      serverId: cand.serverId,
      params: lbNew,
      timeoutMs: STEP_TIMEOUT.lb,
      rollback: { action: "lb-disable", params: lbNew },
    });
  }
  const check = call("check", cand);
  p.add(`verify ${cand.name} answers${check.command ? " its check" : ""}${lbNew ? " and the balancer sends it traffic" : ""}`, {
    action: "verify",
    serverId: cand.serverId,
    params: { check: check.command ? check : null, lb: lbNew },
    timeoutMs: STEP_TIMEOUT.verify,
  });
  p.add(`record ${cand.name} as PRIMARY, ${old.name} as STANDBY`, {
    action: "set-roles",
    params: { groupId: group.id, primaryServerId: cand.serverId, standbyServerId: old.serverId },
    timeoutMs: STEP_TIMEOUT.record,
  });
  return {
    kind: "SWITCHOVER",
    groupId: group.id,
    oldPrimary: { serverId: old.serverId, name: old.name },
    candidate: { serverId: cand.serverId, name: cand.name, lagSec: cand.lag },
    ...p.build(),
  };
}
