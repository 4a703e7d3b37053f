// Drill plans (DESIGN section 7), on the operations engine like any switchover.
//
// Live: the switchover to the standby (its set-roles records RTO/RPO and can
// be undone), a hold while the standby serves (the stop conditions watch it;
// it ends once the original primary is fit to take back: up and caught up),
// then the failback switchover. A timeout anywhere unwinds: every change is
// undone in reverse, which restores the original primary. Except the hold:
// when the original primary is not fit to take back (it died, or never caught
// up), the drill stops there with the standby serving, and says so loudly.
//
// Dry run: every precondition a failover needs, checked without changing
// anything, all of them (a failed check does not stop the others): a standby
// qualifies, SSH logins work on every member, every configured hook answers in
// dry-run mode (TANDEM_DRY_RUN=1: check you could act, change nothing, exit 0),
// the load balancer answers and knows every member; then what a failover
// would do, step by step.
import type { TGroup, TGroupMember } from "../groups/groups.types";
import { HOOK_NAMES } from "../groups/groups.types";
import type { TPlan, TPlanStep } from "../operations/operation.types";
import { describeBalancer } from "../loadbalancer/balancer-ref";
import { STEP_TIMEOUT, hookCall, planBuilder, primaryOf, type PlanContext } from "../failover/failover-plan";
import { planFailover } from "../failover/plan-failover";
import { planSwitchover } from "../failover/plan-switchover";
import { withRecovery } from "../failover/recovery";
import type { TDrillMeta } from "./drills.types";

export type PlannedDrill = { plan: TPlan; descriptions: string[]; meta: TDrillMeta };

/** How long the hold may wait, beyond its own length, for the original primary to be fit to take back. */
export const HOLD_CATCH_UP_MS = 120_000;
const CHECK_TIMEOUT_MS = 30_000;

type DrillOptions = { holdSeconds: number; stopOnSeverity: TDrillMeta["stopOnSeverity"]; scheduleId?: string | null };

/** The group as it will be after the switchover: the standby primary, the original primary its standby. */
function swapped(group: TGroup, old: TGroupMember, cand: TGroupMember): TGroup {
  return {
    ...group,
    members: group.members.map((m) =>
      m.serverId === old.serverId
        ? { ...m, role: "STANDBY" as const, adminState: "IN_SERVICE" as const, state: "UP" as const, health: "UP" as const, lag: 0, maintenance: null }
        : m.serverId === cand.serverId
          ? { ...m, role: "PRIMARY" as const, adminState: "IN_SERVICE" as const, state: "UP" as const, health: "UP" as const }
          : m,
    ),
  };
}

export function planLiveDrill(ctx: PlanContext, o: DrillOptions): PlannedDrill {
  const there = planSwitchover(ctx);
  const old = ctx.group.members.find((m) => m.serverId === there.oldPrimary.serverId)!;
  const cand = ctx.group.members.find((m) => m.serverId === there.candidate.serverId)!;
  const back = planSwitchover({ ...ctx, group: swapped(ctx.group, old, cand) }, { candidateServerId: old.serverId });

  // The switchover's roles can be put back: unwinding a drill must restore the database too.
  const outSteps: TPlanStep[] = withRecovery(there.plan, { since: null, detectedAt: null, lagSec: cand.lag }).steps.map((s) =>
    s.action === "set-roles" ? { ...s, rollback: { action: "set-roles", params: { groupId: ctx.group.id, primaryServerId: old.serverId, standbyServerId: cand.serverId } } } : s,
  );
  const hold: TPlanStep = {
    action: "drill-hold",
    serverId: old.serverId,
    params: { groupId: ctx.group.id, holdSeconds: o.holdSeconds, originalPrimaryServerId: old.serverId, maxLagSec: ctx.group.maxReplicationLagSeconds },
    timeoutMs: o.holdSeconds * 1000 + HOLD_CATCH_UP_MS,
    // No fit primary to fail back to: stop with the standby serving rather than "restore" onto a broken host.
    onFailure: "stop",
  };
  const steps = [...outSteps, hold, ...back.plan.steps];
  const descriptions = [
    ...there.descriptions.map((d) => `switchover: ${d}`),
    `hold ${o.holdSeconds} s with ${cand.name} serving, then wait until ${old.name} is up and caught up`,
    ...back.descriptions.map((d) => `failback: ${d}`),
  ];
  return {
    plan: { steps, policy: { onTimeout: "unwind", continueOnFailure: false } },
    descriptions,
    meta: { mode: "live", holdSeconds: o.holdSeconds, stopOnSeverity: o.stopOnSeverity, originalPrimary: { serverId: old.serverId, name: old.name }, standby: { serverId: cand.serverId, name: cand.name }, scheduleId: o.scheduleId ?? null },
  };
}

export function planDryRun(ctx: PlanContext, o: DrillOptions): PlannedDrill {
  const { group } = ctx;
  const old = primaryOf(group);
  const p = planBuilder();
  const check = (description: string, step: Omit<TPlanStep, "timeoutMs"> & { timeoutMs?: number }) => p.add(description, { timeoutMs: CHECK_TIMEOUT_MS, ...step });

  check("a standby qualifies for promotion (up, in service, not in maintenance, replication lag within bounds)", { action: "drill-check-candidate", params: { groupId: group.id } });
  for (const m of group.members) check(`SSH login to ${m.name} works (credential, pinned host key)`, { action: "drill-check-ssh", serverId: m.serverId, params: {} });

  // Each hook, on the member a failover would run it on, in dry-run mode.
  let standby: TGroupMember | null;
  try {
    const chosen = planSwitchover(ctx).candidate.serverId;
    standby = group.members.find((m) => m.serverId === chosen) ?? null;
  } catch {
    // No switchover is possible now (the candidate check will say why): check the hooks on the first standby.
    standby = group.members.find((m) => m.role === "STANDBY") ?? null;
  }
  const target = standby ?? old;
  const runsOn: Record<(typeof HOOK_NAMES)[number], TGroupMember> = { check: target, promote: target, demote: old, fence: old, drain: old, enable: target, role: old };
  for (const hook of HOOK_NAMES) {
    const m = runsOn[hook];
    const call = hookCall(ctx, hook, m, { oldPrimary: old, candidate: target });
    if (!call.command) continue;
    check(`${hook} hook answers on ${m.name} in dry-run mode`, { action: "hook", serverId: m.serverId, params: { ...call, env: { ...call.env, TANDEM_DRY_RUN: "1" } }, timeoutMs: STEP_TIMEOUT.hook });
  }
  if (ctx.lb) {
    const servers = group.members.filter((m) => m.lbBackendServer).map((m) => m.lbBackendServer!);
    check(`${describeBalancer(ctx.lb)} answers and knows ${servers.join(", ") || "no member"} in ${ctx.lb.backend}`, { action: "drill-check-lb", params: { balancer: ctx.lb, servers } });
  }

  let descriptions: string[];
  try {
    descriptions = planFailover(ctx).descriptions;
  } catch (e) {
    descriptions = [`no failover is possible now: ${e instanceof Error ? e.message : String(e)}`];
  }
  check("what a failover would do, step by step", { action: "drill-report-plan", params: { descriptions } });
  const built = p.build();
  return {
    plan: { ...built.plan, policy: { onTimeout: "unwind", continueOnFailure: true } },
    descriptions: built.descriptions,
    meta: { mode: "dry-run", holdSeconds: o.holdSeconds, stopOnSeverity: o.stopOnSeverity, originalPrimary: { serverId: old.serverId, name: old.name }, standby: standby ? { serverId: standby.serverId, name: standby.name } : null, scheduleId: o.scheduleId ?? null },
  };
}
