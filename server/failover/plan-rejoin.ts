// Rejoining a FENCED member (DESIGN section 6): a fenced old primary never comes
// back as primary by itself; an operator rejoins it once it answers again. Its
// demote hook runs, its role probe must then say "standby", and it becomes an
// in-service STANDBY (an ACTIVE member of a pool goes back into the balancer).
// Every step is recorded as an operation of kind REJOIN.
import { AppError } from "../errors/app-error";
import type { TPlanStep } from "../operations/operation.types";
import { STEP_TIMEOUT, describeHook, hookCall, hookStep, lbTarget, planBuilder, type PlanContext } from "./failover-plan";

export type PlannedRejoin = { groupId: string; member: { serverId: string; name: string }; plan: { steps: TPlanStep[] }; descriptions: string[] };

export function planRejoin(ctx: PlanContext, serverId: string): PlannedRejoin {
  const { group } = ctx;
  const m = group.members.find((x) => x.serverId === serverId);
  if (!m) throw new AppError("NOT_FOUND", "That server is not a member of this group");
  if (m.adminState !== "FENCED") throw new AppError("CONFLICT", `${m.name} is ${m.adminState}, not FENCED: only a fenced member is rejoined`);
  if (m.health !== "UP" && m.health !== "DEGRADED") {
    throw new AppError("CONFLICT", `${m.name} does not answer (${m.health}): power it on or repair it first; its demote hook must run before it rejoins`);
  }
  const primary = group.members.find((x) => x.role === "PRIMARY") ?? m;
  const call = (hook: Parameters<typeof hookCall>[1]) => hookCall(ctx, hook, m, { oldPrimary: m, candidate: primary });
  const p = planBuilder();
  if (group.mode === "ACTIVE_PASSIVE") {
    p.add(describeHook(call("demote"), m.name), hookStep(call("demote"), m.serverId));
    const role = call("role");
    if (role.command) {
      p.add(`${m.name}'s role probe says standby`, { action: "expect-role", serverId: m.serverId, params: { probe: role, want: "standby" }, timeoutMs: STEP_TIMEOUT.verify });
    }
  } else {
    const lb = lbTarget(ctx, m);
    if (lb) p.add(`${lb.backend}/${lb.backendServer} to ready`, { action: "lb-enable", serverId: m.serverId, params: lb, timeoutMs: STEP_TIMEOUT.lb, rollback: { action: "lb-disable", params: lb } });
  }
  const role = group.mode === "ACTIVE_PASSIVE" ? "STANDBY" : "ACTIVE";
  p.add(`record ${m.name} as an in-service ${role}`, {
    action: "set-member",
    serverId: m.serverId,
    params: { groupId: group.id, serverId: m.serverId, role, adminState: "IN_SERVICE" },
    timeoutMs: STEP_TIMEOUT.record,
  });
  return { groupId: group.id, member: { serverId: m.serverId, name: m.name }, ...p.build() };
}
