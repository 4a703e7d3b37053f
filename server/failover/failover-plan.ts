// What switchover and failover plans share: the group as the plan sees it
// (live member states, hooks, the load balancer's address) and step builders
// whose params carry everything the action needs, so the operation's record
// says exactly what ran (hook text included) even if the group changes later.
import { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { getGroup } from "../groups/get-group";
import type { LiveStates } from "../groups/group-dto";
import { HOOK_NAMES, type TGroup, type TGroupMember } from "../groups/groups.types";
import type { TPlan, TPlanStep } from "../operations/operation.types";
import { ZRecovery } from "./recovery";
import { selectCandidate, type StandbyView } from "./select-candidate";

export const STEP_TIMEOUT = { hook: 30_000, lb: 15_000, verify: 20_000, record: 10_000 } as const;

export const ZLbTarget = z.object({ address: z.string().min(1), backend: z.string().min(1), backendServer: z.string().min(1) });
export type TLbTarget = z.infer<typeof ZLbTarget>;
export const ZHookCall = z.object({ hook: z.enum(HOOK_NAMES), command: z.string().nullable(), env: z.record(z.string(), z.string()) });
export type THookCall = z.infer<typeof ZHookCall>;
export const ZVerifyParams = z.object({ check: ZHookCall.nullable(), lb: ZLbTarget.nullable() });
export const ZFenceParams = z.object({ fence: ZHookCall, lb: ZLbTarget.nullable(), required: z.boolean() });
export const ZSetRolesParams = z.object({
  groupId: z.uuid(),
  primaryServerId: z.uuid(),
  standbyServerId: z.uuid(),
  standbyAdminState: z.enum(["IN_SERVICE", "FENCED"]).optional(),
  /** Added by the start use case: the facts RTO/RPO are computed from (recovery.ts). */
  recovery: ZRecovery.optional(),
});

export type PlanContext = { group: TGroup; lb: { address: string; backend: string } | null };

export type PlannedSwitch = {
  kind: "SWITCHOVER" | "FAILOVER";
  groupId: string;
  oldPrimary: { serverId: string; name: string };
  candidate: { serverId: string; name: string; lagSec: number | null };
  plan: TPlan;
  /** One line per step, for the confirmation dialog. */
  descriptions: string[];
};

/** The group with live member states and its HAProxy runtime address, if it has one. */
export async function loadPlanContext(db: Db, groupId: string, live: LiveStates | undefined): Promise<PlanContext> {
  const group = await getGroup(db, groupId, live);
  if (!group.loadBalancer || group.loadBalancer.kind !== "HAPROXY") return { group, lb: null };
  const lb = await db.loadBalancer.findUnique({ where: { id: group.loadBalancer.id }, select: { address: true, backend: true } });
  return { group, lb: lb?.address && lb.backend ? { address: lb.address, backend: lb.backend } : null };
}

export function primaryOf(group: TGroup): TGroupMember {
  if (group.mode !== "ACTIVE_PASSIVE") throw new AppError("CONFLICT", `${group.name} is ${group.mode}: only ACTIVE_PASSIVE groups have a primary to switch`);
  const primary = group.members.find((m) => m.role === "PRIMARY");
  if (!primary) throw new AppError("CONFLICT", `${group.name} has no PRIMARY member`);
  return primary;
}

/** The standby to promote (the requested one, or the best), or 409 with every standby's reasons. */
export function chooseCandidate(group: TGroup, requested?: string): TGroupMember {
  const standbys = group.members.filter((m) => m.role === "STANDBY" && (!requested || m.serverId === requested));
  if (requested && !standbys.length) throw new AppError("CONFLICT", "The requested candidate is not a standby of this group");
  if (!standbys.length) throw new AppError("CONFLICT", `${group.name} has no standby to promote`);
  const views: StandbyView[] = standbys.map((m) => ({
    serverId: m.serverId,
    name: m.name,
    priority: m.priority,
    adminState: m.adminState,
    hostState: m.health,
    inMaintenanceWindow: m.maintenance?.title ?? null,
    lagSec: m.lag,
  }));
  const choice = selectCandidate(views, group.maxReplicationLagSeconds);
  if (!choice.ok) {
    const why = choice.rejected.map((r) => `${r.name}: ${r.reasons.join(", ")}`).join("; ");
    throw new AppError("CONFLICT", `No standby qualifies for promotion: ${why}`);
  }
  return standbys.find((m) => m.serverId === choice.candidate.serverId)!;
}

export function hookCall(ctx: PlanContext, hook: (typeof HOOK_NAMES)[number], member: TGroupMember, roles: { oldPrimary: TGroupMember; candidate: TGroupMember }): THookCall {
  return {
    hook,
    command: ctx.group.hooks[hook] ?? null,
    env: {
      TANDEM_GROUP: ctx.group.name,
      TANDEM_HOOK: hook,
      TANDEM_SERVER: member.name,
      TANDEM_OLD_PRIMARY: roles.oldPrimary.name,
      TANDEM_NEW_PRIMARY: roles.candidate.name,
    },
  };
}

export function lbTarget(ctx: PlanContext, member: TGroupMember): TLbTarget | null {
  return ctx.lb && member.lbBackendServer ? { ...ctx.lb, backendServer: member.lbBackendServer } : null;
}

/** Collects steps with their descriptions. */
export function planBuilder() {
  const steps: TPlanStep[] = [];
  const descriptions: string[] = [];
  return {
    add(description: string, step: TPlanStep) {
      steps.push(step);
      descriptions.push(description);
    },
    build: () => ({ plan: { steps }, descriptions }),
  };
}

export function hookStep(call: THookCall, serverId: string, rollback?: THookCall): TPlanStep {
  return {
    action: "hook",
    serverId,
    params: call,
    timeoutMs: STEP_TIMEOUT.hook,
    ...(rollback ? { rollback: { action: "hook", params: rollback } } : {}),
  };
}

export const describeHook = (call: THookCall, name: string) => (call.command ? `${call.hook} hook on ${name}` : `${call.hook} hook on ${name} (skipped: the group has no ${call.hook} hook)`);

/**
 * The tail both plans share: old primary out of the balancer, candidate in,
 * verify it serves, record the roles. A switchover can undo taking the old
 * primary out; a failover has nothing to put back.
 */
export function addCutover(
  p: ReturnType<typeof planBuilder>,
  o: {
    group: TGroup;
    old: TGroupMember;
    cand: TGroupMember;
    lbOld: TLbTarget | null;
    lbNew: TLbTarget | null;
    check: THookCall;
    undoOldRemoval: boolean;
    oldAdminState?: "FENCED";
  },
): void {
  const { group, old, cand, lbOld, lbNew, check } = o;
  if (lbOld) {
    p.add(`${lbOld.backend}/${lbOld.backendServer} to maintenance`, {
      action: "lb-disable",
      serverId: old.serverId,
      params: lbOld,
      timeoutMs: STEP_TIMEOUT.lb,
      ...(o.undoOldRemoval ? { rollback: { action: "lb-enable", params: lbOld } } : {}),
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
  p.add(`verify ${cand.name} answers${check.command ? " its check" : ""}${lbNew ? " and the balancer sends it traffic" : ""}`, {
    action: "verify",
    serverId: cand.serverId,
    params: { check: check.command ? check : null, lb: lbNew },
    timeoutMs: STEP_TIMEOUT.verify,
  });
  p.add(`record ${cand.name} as PRIMARY, ${old.name} as STANDBY${o.oldAdminState ? ` (${o.oldAdminState})` : ""}`, {
    action: "set-roles",
    params: { groupId: group.id, primaryServerId: cand.serverId, standbyServerId: old.serverId, ...(o.oldAdminState ? { standbyAdminState: o.oldAdminState } : {}) },
    timeoutMs: STEP_TIMEOUT.record,
  });
}
