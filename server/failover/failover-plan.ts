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
import { loadBalancerRef, ZLbTarget, type TBalancerRef, type TLbTarget } from "../loadbalancer/balancer-ref";
import { ZPlannedLevel, type FenceDeviceOption } from "../fencing/fencing-levels";
import type { TPlan, TPlanStep } from "../operations/operation.types";
import { ZRecovery } from "./recovery";
import { selectCandidate, type StandbyView } from "./select-candidate";

export const STEP_TIMEOUT = { hook: 30_000, lb: 15_000, verify: 20_000, record: 10_000 } as const;

export { ZLbTarget, type TLbTarget };
export const ZHookCall = z.object({ hook: z.enum(HOOK_NAMES), command: z.string().nullable(), env: z.record(z.string(), z.string()) });
export type THookCall = z.infer<typeof ZHookCall>;
export const ZVerifyParams = z.object({ check: ZHookCall.nullable(), lb: ZLbTarget.nullable() });
/**
 * The fence step: every level as planned, in order, and whether a failover may go on unfenced.
 * Steps recorded before fencing levels existed ({ fence: hook call, lb }) read as two levels.
 */
export const ZFenceParams = z.preprocess(
  (v) => {
    if (!v || typeof v !== "object" || "levels" in v) return v;
    const old = v as { fence?: { command?: string | null; env?: Record<string, string> }; lb?: unknown; required?: boolean; serverId?: string };
    const levels: unknown[] = [];
    if (old.fence?.command) levels.push({ kind: "hook", hook: "fence", command: old.fence.command, env: old.fence.env ?? {}, serverName: old.fence.env?.TANDEM_SERVER ?? "the old primary" });
    levels.push(old.lb ? { kind: "lb", target: old.lb } : { kind: "lb", skipped: "no load balancer to isolate it at" });
    return { levels, required: old.required };
  },
  z.object({
    levels: z.array(ZPlannedLevel),
    required: z.boolean(),
    /** Who confirmed the old primary is off when no level can (a lost site): Pacemaker's `stonith_admin --confirm`. */
    confirmedOffBy: z.string().optional(),
  }),
);
export type TFenceParams = z.infer<typeof ZFenceParams>;
export const ZSetRolesParams = z.object({
  groupId: z.uuid(),
  primaryServerId: z.uuid(),
  standbyServerId: z.uuid(),
  standbyAdminState: z.enum(["IN_SERVICE", "FENCED"]).optional(),
  /** Added by the start use case: the facts RTO/RPO are computed from (recovery.ts). */
  recovery: ZRecovery.optional(),
});

/** Rejoin: the member's role probe must print this role. */
export const ZExpectRoleParams = z.object({ probe: ZHookCall, want: z.enum(["primary", "standby"]) });
export const ZSetMemberParams = z.object({ groupId: z.uuid(), serverId: z.uuid(), role: z.enum(["STANDBY", "ACTIVE"]), adminState: z.literal("IN_SERVICE") });

export type PlanContext = {
  group: TGroup;
  lb: TBalancerRef | null;
  /** Why the group's balancer cannot be driven, when it has one that is incomplete. */
  lbProblem?: string;
  /** Fence devices that can power each member off, by server id. */
  fenceDevices: Map<string, FenceDeviceOption[]>;
};

export type PlannedSwitch = {
  kind: "SWITCHOVER" | "FAILOVER";
  groupId: string;
  oldPrimary: { serverId: string; name: string };
  candidate: { serverId: string; name: string; lagSec: number | null };
  plan: TPlan;
  /** One line per step, for the confirmation dialog. */
  descriptions: string[];
};

/** The group with live member states, its load balancer (either kind) and the fence devices of its members. */
export async function loadPlanContext(db: Db, groupId: string, live: LiveStates | undefined): Promise<PlanContext> {
  const group = await getGroup(db, groupId, live);
  const fenceDevices = await fenceDevicesFor(db, group.members.map((m) => m.serverId));
  if (!group.loadBalancer) return { group, lb: null, fenceDevices };
  const r = await loadBalancerRef(db, group.loadBalancer.id);
  return r.ref ? { group, lb: r.ref, fenceDevices } : { group, lb: null, lbProblem: r.problem, fenceDevices };
}

async function fenceDevicesFor(db: Db, serverIds: string[]): Promise<Map<string, FenceDeviceOption[]>> {
  const rows = await db.fenceTarget.findMany({
    where: { serverId: { in: serverIds } },
    select: { serverId: true, plug: true, device: { select: { id: true, name: true, fencingServerId: true, fencingServer: { select: { name: true } }, actionCommand: true, statusCommand: true, offPattern: true, timeoutSeconds: true } } },
    orderBy: { device: { name: "asc" } },
  });
  const out = new Map<string, FenceDeviceOption[]>();
  for (const r of rows) {
    const d = r.device;
    const list = out.get(r.serverId) ?? [];
    list.push({ id: d.id, name: d.name, fencingServerId: d.fencingServerId, fencingServerName: d.fencingServer.name, plug: r.plug, actionCommand: d.actionCommand, statusCommand: d.statusCommand, offPattern: d.offPattern, timeoutSeconds: d.timeoutSeconds });
    out.set(r.serverId, list);
  }
  return out;
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
    criticalServicesDown: m.criticalServicesDown,
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
