// Planning and starting a rollout: the targets resolve to servers, the planner
// (plan-rollout.ts) lays them out in batches against the live state, and a
// start records the ROLLOUT operation with one RolloutHost per scheduled host
// (the batches the operator saw), then hands it to the engine.
import type { Actor } from "../auth/principal";
import type { Db, Prisma } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import type { LiveStates } from "../groups/group-dto";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { OperationsEngine, Started } from "../operations/engine";
import { activeOccurrence, nextOccurrence } from "../maintenance/occurrences";
import { timingOfRow } from "../maintenance/window-dto";
import { planRollout } from "./plan-rollout";
import { loadRolloutFleet, resolveTargets, type SampleSource } from "./rollout-fleet";
import type { TRolloutMeta } from "./rollout-meta";
import type { TRolloutPlan, TRolloutSettings, TStartRolloutRequest } from "./rollouts.types";

export type RolloutPlanDeps = { db: Db; live: LiveStates | undefined; sample?: SampleSource; clock?: () => Date };

/** Per host, from drain to re-enable, when the plan estimates batch start times against a window. */
const ESTIMATED_HOST_MS = 5 * 60_000;

/** The window's occurrence running now (or the next one), for the plan and the start. */
export async function windowOccurrence(db: Db, windowId: string, now: Date): Promise<{ id: string; title: string; start: Date; end: Date; running: boolean } | null> {
  const w = await db.maintenanceWindow.findUnique({ where: { id: windowId } });
  if (!w) throw new AppError("VALIDATION", "The maintenance window does not exist", { fields: [{ path: "windowId", message: "no such maintenance window" }] });
  if (w.cancelledAt) return null;
  const t = timingOfRow(w);
  const active = activeOccurrence(t, now);
  const o = active ?? nextOccurrence(t, now);
  return o ? { id: w.id, title: w.title, start: o.start, end: o.end, running: !!active } : null;
}

export async function planRolloutRequest(deps: RolloutPlanDeps, settings: TRolloutSettings): Promise<TRolloutPlan> {
  const t0 = performance.now();
  const now = (deps.clock ?? (() => new Date()))();
  const targetIds = await resolveTargets(deps.db, settings.targets);
  const fleet = await loadRolloutFleet(deps.db, targetIds, deps.live, deps.sample, settings.windowId);
  const warnings: string[] = [];
  let window: TRolloutPlan["window"] = null;
  let planWindow: { id: string; title: string; endsAt: Date; cutoffMs: number } | null = null;
  if (settings.windowId) {
    const o = await windowOccurrence(deps.db, settings.windowId, now);
    if (!o) warnings.push("The maintenance window has no occurrence left: the rollout cannot run in it.");
    else {
      const cutoffMs = settings.windowCutoffMinutes * 60_000;
      window = { id: o.id, title: o.title, endsAt: o.end.toISOString(), cutoffAt: new Date(o.end.getTime() - cutoffMs).toISOString() };
      planWindow = { id: o.id, title: o.title, endsAt: o.end, cutoffMs };
      if (!o.running) warnings.push(`The window "${o.title}" does not run now (next from ${o.start.toISOString()}): a start is refused until it does.`);
    }
  }
  if (settings.command.kind !== "custom") {
    const unknown = fleet.targetIds.filter((id) => !["apt", "dnf", "yum"].includes(fleet.packageSource.get(id) ?? ""));
    if (unknown.length) warnings.push(`${unknown.length} server(s) report no apt or dnf (${unknown.slice(0, 5).map((id) => fleet.servers.get(id)?.name).join(", ")}${unknown.length > 5 ? ", …" : ""}): their patch step will fail without a custom command.`);
  }
  const infrastructure = await infrastructureRoles(deps.db, fleet.targetIds);
  const plan = planRollout({
    targetIds: fleet.targetIds.filter((id) => !infrastructure.has(id)),
    servers: fleet.servers,
    groups: fleet.groups,
    batches: settings.batches,
    switchoverPrimaries: settings.switchoverPrimaries,
    rebootPolicy: settings.rebootPolicy,
    window: planWindow,
    now,
    estimatedHostMs: Math.min(ESTIMATED_HOST_MS, settings.hostTimeoutSeconds * 1000),
  });
  const held = [...infrastructure].map(([serverId, reason]) => ({ serverId, name: fleet.servers.get(serverId)?.name ?? serverId, reason }));
  return { ...plan, targeted: fleet.targetIds.length, unschedulable: [...held, ...plan.unschedulable], window, warnings: [...warnings, ...plan.warnings], planMs: Math.round((performance.now() - t0) * 10) / 10 };
}

/**
 * Servers that others depend on and no group describes: the host a COMMAND load
 * balancer runs on (rebooting it is an outage of every group behind it) and a
 * fence device's fencing server (while it is down, its targets cannot be fenced
 * out of band, and a hypervisor's reboot takes its guests with it). A rollout
 * leaves them out, saying why; they are patched on their own terms.
 */
async function infrastructureRoles(db: Db, serverIds: string[]): Promise<Map<string, string>> {
  const [lbs, devices] = await Promise.all([
    db.loadBalancer.findMany({ where: { serverId: { in: serverIds } }, select: { name: true, serverId: true, groups: { select: { name: true } } } }),
    db.fenceDevice.findMany({ where: { fencingServerId: { in: serverIds } }, select: { name: true, fencingServerId: true, targets: { select: { server: { select: { name: true } } } } } }),
  ]);
  const out = new Map<string, string>();
  const list = (names: string[]) => (names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", "));
  for (const lb of lbs) {
    const groups = lb.groups.map((g) => g.name);
    out.set(lb.serverId!, `runs load balancer ${lb.name}${groups.length ? ` for ${list(groups)}` : ""}: taking it down is an outage of what it balances; patch it on its own`);
  }
  for (const d of devices) {
    if (out.has(d.fencingServerId)) continue;
    const targets = d.targets.map((t) => t.server.name);
    out.set(d.fencingServerId, `fencing server of ${d.name}${targets.length ? ` (for ${list(targets)})` : ""}: while it is down they cannot be fenced out of band; patch it on its own`);
  }
  return out;
}

export type RolloutStartDeps = RolloutPlanDeps & { engine: OperationsEngine | undefined };

export async function startRollout(deps: RolloutStartDeps, actor: Actor, req: TStartRolloutRequest, opts: { scheduleId?: string; isAdmin: boolean }): Promise<Started> {
  if (!deps.engine) throw new AppError("UNAVAILABLE", "The operations engine is not running");
  const { reason, ticketRef, ...settings } = req;
  // A custom command is code run as root on every target: an admin's decision, like runbook hooks.
  if (settings.command.kind === "custom" && !opts.isAdmin) throw new AppError("FORBIDDEN", "Only an admin may set a custom patch command");
  const now = (deps.clock ?? (() => new Date()))();
  if (settings.windowId) {
    const o = await windowOccurrence(deps.db, settings.windowId, now);
    if (!o?.running) throw new AppError("CONFLICT", "The maintenance window does not run now: a rollout bound to it starts inside it");
    if (o.end.getTime() - settings.windowCutoffMinutes * 60_000 <= now.getTime()) throw new AppError("CONFLICT", "The maintenance window's cutoff has passed: no batch may start in it");
  }
  const plan = await planRolloutRequest(deps, settings);
  if (!plan.scheduled) throw new AppError("CONFLICT", `Nothing to patch: ${plan.unschedulable.length ? `${plan.unschedulable.length} server(s) cannot be scheduled (${plan.unschedulable[0]!.name}: ${plan.unschedulable[0]!.reason})` : "the targets name no enabled server"}`);
  const meta: TRolloutMeta = { settings, unschedulable: plan.unschedulable, batches: plan.batches.length, scheduleId: opts.scheduleId ?? null };
  const hosts = plan.batches.flatMap((b) => b.hosts.map((h) => ({ batch: b.index, serverId: h.serverId, switchover: !!h.switchover })));
  const id = await deps.db.$transaction(async (tx) => {
    const op = await tx.operation.create({
      data: { kind: "ROLLOUT", groupId: null, initiator: actor.label, reason, ticketRef: ticketRef ?? null, plan: { steps: [], rollout: meta } as unknown as Prisma.InputJsonValue },
    });
    await tx.rolloutHost.createMany({ data: hosts.map((h, position) => ({ operationId: op.id, serverId: h.serverId, batch: h.batch, position, switchover: h.switchover })) });
    await recordAuditEvent(tx, actor, {
      action: "rollout.create",
      targetType: "operation",
      targetId: op.id,
      details: { reason, ticketRef: ticketRef ?? null, hosts: hosts.length, batches: plan.batches.length, unschedulable: plan.unschedulable.length, settings } as unknown as Prisma.InputJsonValue,
    });
    return op.id;
  });
  return deps.engine.run(id, actor);
}

export async function controlRollout(engine: OperationsEngine | undefined, db: Db, actor: Actor, id: string, action: "pause" | "resume" | "abort", reason: string): Promise<Started> {
  if (!engine) throw new AppError("UNAVAILABLE", "The operations engine is not running");
  const op = await db.operation.findUnique({ where: { id }, select: { kind: true } });
  if (!op || op.kind !== "ROLLOUT") throw notFound("Rollout");
  if (action === "pause") return engine.pause(id, actor, reason);
  if (action === "resume") return engine.resume(id, actor);
  return engine.abort(id, actor, reason);
}
