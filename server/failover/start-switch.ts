// Starting a switchover or a failover: plan it from the group's live state,
// record the operation (the database refuses a second live one on the group:
// 409), then hand it to the engine. The caller's role was checked by the endpoint.
import type { Actor } from "../auth/principal";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { LiveStates } from "../groups/group-dto";
import { createOperation } from "../operations/create-operation";
import type { OperationsEngine } from "../operations/engine";
import type { TOperation } from "../operations/operation.types";
import { loadPlanContext, type PlannedSwitch } from "./failover-plan";
import { FAILOVER_ACTIONS } from "./failover-actions";
import type { TPlanPreview, TRejoinRequest, TStartSwitchRequest } from "./failover.types";
import { planRejoin } from "./plan-rejoin";
import { planFailover } from "./plan-failover";
import { planSwitchover } from "./plan-switchover";
import { withRecovery, type TRecovery } from "./recovery";

/** The health engine's view of a host, for RTO: its last good answer. */
export type HostTimes = ReadonlyMap<string, { lastGoodAt: Date | null }>;
export type SwitchDeps = { db: Db; engine: OperationsEngine | undefined; live: LiveStates | undefined; hosts?: HostTimes };
export type SwitchKind = "SWITCHOVER" | "FAILOVER";
/** What set the operation off, when the caller knows better than the live snapshot (automatic failover). */
export type SwitchTrigger = { lastGoodAt?: Date | null; downAt?: Date | null };

/** The facts RTO/RPO are computed from (recovery.ts): a switchover counts from its start, a failover from the last good answer. */
export function recoveryFacts(deps: Pick<SwitchDeps, "live" | "hosts">, planned: PlannedSwitch, trigger: SwitchTrigger = {}): TRecovery {
  const lagSec = planned.candidate.lagSec;
  if (planned.kind === "SWITCHOVER") return { since: null, detectedAt: null, lagSec };
  const old = planned.oldPrimary.serverId;
  const lastGood = trigger.lastGoodAt !== undefined ? trigger.lastGoodAt : (deps.hosts?.get(old)?.lastGoodAt ?? null);
  const live = deps.live?.get(old);
  const down = trigger.downAt !== undefined ? trigger.downAt : live?.health === "DOWN" ? new Date(live.since) : null;
  return { since: lastGood?.toISOString() ?? null, detectedAt: down?.toISOString() ?? null, lagSec };
}

export async function planSwitch(deps: Pick<SwitchDeps, "db" | "live">, kind: SwitchKind, groupId: string, opts: { candidateServerId?: string; confirmedOffBy?: string } = {}): Promise<PlannedSwitch> {
  if (kind === "SWITCHOVER" && opts.confirmedOffBy) throw new AppError("VALIDATION", "confirmedOff applies to a failover: a switchover demotes a primary that answers", { fields: [{ path: "confirmedOff", message: "only for a failover" }] });
  const ctx = await loadPlanContext(deps.db, groupId, deps.live);
  return kind === "SWITCHOVER" ? planSwitchover(ctx, { candidateServerId: opts.candidateServerId }) : planFailover(ctx, opts);
}

export function toPlanPreview(p: PlannedSwitch): TPlanPreview {
  return {
    kind: p.kind,
    groupId: p.groupId,
    oldPrimary: p.oldPrimary,
    candidate: p.candidate,
    steps: p.plan.steps.map((s, i) => ({ ...s, description: p.descriptions[i] ?? s.action })),
  };
}

/** Returns the operation as started (RUNNING); `done` resolves when the engine ends or pauses it. */
export async function startSwitch(
  deps: SwitchDeps,
  actor: Actor,
  kind: SwitchKind,
  groupId: string,
  body: TStartSwitchRequest,
  opts: { trigger?: SwitchTrigger; parentId?: string } = {},
): Promise<{ operation: TOperation; done: Promise<TOperation> }> {
  const engine = deps.engine;
  if (!engine) throw new AppError("UNAVAILABLE", "The operations engine is not running");
  const planned = await planSwitch(deps, kind, groupId, { candidateServerId: body.candidateServerId, confirmedOffBy: body.confirmedOff ? actor.label : undefined });
  const op = await createOperation(
    deps.db,
    actor,
    { kind, groupId, parentId: opts.parentId ?? null, reason: body.reason, ticketRef: body.ticketRef, plan: withRecovery(planned.plan, recoveryFacts(deps, planned, opts.trigger)) },
    { knownActions: new Set(FAILOVER_ACTIONS) },
  );
  return engine.run(op.id, actor);
}

/** Rejoins a FENCED member (plan-rejoin.ts) as an operation of kind REJOIN. */
export async function startRejoin(deps: SwitchDeps, actor: Actor, groupId: string, serverId: string, body: TRejoinRequest, opts: { parentId?: string } = {}): Promise<{ operation: TOperation; done: Promise<TOperation> }> {
  const engine = deps.engine;
  if (!engine) throw new AppError("UNAVAILABLE", "The operations engine is not running");
  const planned = planRejoin(await loadPlanContext(deps.db, groupId, deps.live), serverId);
  const op = await createOperation(
    deps.db,
    actor,
    { kind: "REJOIN", groupId, parentId: opts.parentId ?? null, reason: body.reason ?? `rejoin ${planned.member.name} as a standby`, ticketRef: body.ticketRef, plan: planned.plan },
    { knownActions: new Set(FAILOVER_ACTIONS) },
  );
  return engine.run(op.id, actor);
}
