// Planning and starting site operations: an evacuation (or its dry run), a
// return, a site drill. The preview is what the operator confirms; the start
// re-plans from live state, refuses what cannot run (409, saying why), records
// one row per group to move, and hands the operation to the engine.
import type { Actor } from "../auth/principal";
import type { Db, Prisma } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import type { LiveStates } from "../groups/group-dto";
import { createOperation } from "../operations/create-operation";
import type { OperationsEngine, Started } from "../operations/engine";
import { liveStates, type TPlanStep } from "../operations/operation.types";
import {
  ZStartEvacuationRequest,
  ZStartReturnRequest,
  ZStartSiteDrillRequest,
  type TEvacuationPreview,
  type TStartEvacuationRequest,
  type TStartReturnRequest,
  type TStartSiteDrillRequest,
} from "./dr.types";
import { loadDrFleet, type DrFleet } from "./dr-fleet";
import { assemblePreview, judgeEvacuation, judgeReturn, type PlannedStage, type SiteRef } from "./plan-evacuation";
import { mustFindSite, resolvePlan } from "./recovery-plans";
import { SITE_ACTIONS, type TPhase, type TSiteMeta } from "./site-meta";

export type DrDeps = { db: Db; engine: OperationsEngine | undefined; live: LiveStates | undefined };

async function busyGroups(db: Db): Promise<Set<string>> {
  const ops = await db.operation.findMany({ where: { state: { in: [...liveStates] }, groupId: { not: null } }, select: { groupId: true } });
  return new Set(ops.map((o) => o.groupId!));
}

async function context(deps: DrDeps, siteId: string) {
  const site = await mustFindSite(deps.db, siteId);
  const fleet = await loadDrFleet(deps.db, deps.live);
  const plan = await resolvePlan(deps.db, fleet, site);
  return { site, fleet, plan, busy: await busyGroups(deps.db) };
}

export async function previewEvacuation(deps: DrDeps, siteId: string, opts: { parallelism?: number; dryRun?: boolean } = {}): Promise<TEvacuationPreview> {
  const { site, fleet, plan, busy } = await context(deps, siteId);
  return assemblePreview("EVACUATION", site, plan.stages, fleet.groupsById, (g) => judgeEvacuation(g, site, busy.has(g.id), opts.dryRun), { parallelism: opts.parallelism ?? plan.parallelism });
}

/** The evacuation a return undoes: the one named, or the site's latest that moved a group. */
async function evacuationToUndo(db: Db, site: SiteRef, evacuationId?: string) {
  const op = await db.operation.findFirst({
    where: { ...(evacuationId ? { id: evacuationId } : {}), siteId: site.id, kind: "EVACUATION", state: { notIn: [...liveStates] }, siteGroups: { some: { phase: "out", state: "SUCCEEDED", action: { not: "DRY_RUN" } } } },
    orderBy: { createdAt: "desc" },
    include: { siteGroups: { where: { phase: "out", state: "SUCCEEDED" }, orderBy: [{ stage: "asc" }, { position: "asc" }] } },
  });
  if (!op) throw evacuationId ? notFound("Evacuation") : new AppError("CONFLICT", `No evacuation of ${site.name} moved anything to bring back`);
  return op;
}

export async function previewReturn(deps: DrDeps, siteId: string, opts: { evacuationId?: string; parallelism?: number } = {}): Promise<TEvacuationPreview> {
  const { site, fleet, busy } = await context(deps, siteId);
  return returnPreview(fleet, site, await evacuationToUndo(deps.db, site, opts.evacuationId), busy, opts.parallelism);
}

function returnPreview(fleet: DrFleet, site: SiteRef, evac: Awaited<ReturnType<typeof evacuationToUndo>>, busy: Set<string>, parallelism?: number): TEvacuationPreview {
  const meta = (evac.plan as { meta: TSiteMeta }).meta;
  const moved = new Map(evac.siteGroups.map((r) => [r.groupId, r]));
  const stages: PlannedStage[] = meta.stages.map((st, i) => ({ name: st.name, pre: st.pre, post: st.post, groupIds: evac.siteGroups.filter((r) => r.stage === i && r.action !== "DRY_RUN").map((r) => r.groupId) }));
  return assemblePreview("SITE_RETURN", site, stages, fleet.groupsById, (g) => judgeReturn(g, site, moved.get(g.id)!, busy.has(g.id)), { parallelism: parallelism ?? meta.parallelism, fromOperationId: evac.id });
}

function refuseUnready(p: TEvacuationPreview, acceptSkipped: boolean): void {
  if (p.blockers.length) throw new AppError("CONFLICT", p.blockers.join("; "));
  const unready = p.stages.flatMap((s) => s.groups).filter((g) => !g.ready);
  if (unready.length && !acceptSkipped) {
    const why = unready.map((g) => `${g.name}: ${g.checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`).join(", ")}`).join("; ");
    throw new AppError("CONFLICT", `${unready.length} group(s) cannot move now (${why}); start with acceptSkipped to move the rest`);
  }
}

/** The steps: per stage its pre hook, the stage, its post hook; a drill's hold between its two phases. */
function stepsFor(p: TEvacuationPreview, phases: TPhase[], holdSeconds: number | null): TPlanStep[] {
  const steps: TPlanStep[] = [];
  const phase = (ph: TPhase) =>
    p.stages.forEach((st, stage) => {
      if (!st.groups.length && !st.pre && !st.post) return;
      const hook = (action: "dr.pre" | "dr.post", h: NonNullable<typeof st.pre>) => steps.push({ action, serverId: h.serverId, params: { phase: ph, stage, hook: h }, timeoutMs: Math.min(3_600_000, h.timeoutSeconds * 1000 + 5000) });
      if (st.pre) hook("dr.pre", st.pre);
      steps.push({ action: "dr.stage", params: { phase: ph, stage }, timeoutMs: 3_600_000 });
      if (st.post) hook("dr.post", st.post);
    });
  phase(phases[0]!);
  if (phases.length > 1) {
    steps.push({ action: "dr.hold", params: { holdSeconds: holdSeconds ?? 0 }, timeoutMs: Math.min(3_600_000, Math.max(1000, (holdSeconds ?? 0) * 1000 + 60_000)) });
    phase(phases[1]!);
  }
  if (steps.length > 200) throw new AppError("VALIDATION", `The plan makes ${steps.length} steps, more than 200: use fewer stages or hooks`);
  return steps;
}

async function createSiteOperation(
  deps: DrDeps,
  actor: Actor,
  o: { kind: "EVACUATION" | "SITE_RETURN" | "SITE_DRILL"; preview: TEvacuationPreview; phase: TPhase; reason: string; ticketRef?: string; dryRun: boolean; holdSeconds: number | null; stopOnSeverity: TSiteMeta["stopOnSeverity"]; evacuationId: string | null; confirmedOff?: boolean },
): Promise<Started> {
  if (!deps.engine) throw new AppError("UNAVAILABLE", "The operations engine is not running");
  const p = o.preview;
  const meta: TSiteMeta = {
    site: p.site,
    dryRun: o.dryRun,
    parallelism: p.parallelism,
    stages: p.stages.map((s) => ({ name: s.name, pre: s.pre, post: s.post })),
    holdSeconds: o.holdSeconds,
    stopOnSeverity: o.stopOnSeverity,
    evacuationId: o.evacuationId,
    notMoving: p.notMoving,
    confirmedOff: o.confirmedOff ?? false,
  };
  const steps = stepsFor(p, o.kind === "SITE_DRILL" ? ["out", "back"] : [o.phase], o.holdSeconds);
  const op = await createOperation(
    deps.db,
    actor,
    { kind: o.kind, siteId: p.site.id, reason: o.reason, ticketRef: o.ticketRef, plan: { steps, meta: meta as unknown as Record<string, unknown> } },
    { knownActions: new Set(SITE_ACTIONS) },
  );
  const rows = p.stages.flatMap((s) => s.groups).map((g, position) => ({
    operationId: op.id,
    groupId: g.groupId,
    phase: o.phase,
    stage: g.stage,
    position,
    action: g.action,
    state: g.ready ? ("PENDING" as const) : ("SKIPPED" as const),
    fromServerId: g.from?.serverId ?? null,
    toServerId: g.to?.serverId ?? null,
    detail: g.ready ? "" : `not started: ${g.checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`).join("; ")}`,
  }));
  // A drill's way back is known from the start (its progress counts it); what actually moved out decides, at the hold, how each comes back.
  const back =
    o.kind === "SITE_DRILL"
      ? rows
          .filter((r) => r.state === "PENDING" && r.action !== "DRY_RUN")
          .map((r) => ({ ...r, phase: "back", action: r.action === "DRAIN" ? "ENABLE" : "SWITCHOVER", fromServerId: r.toServerId, toServerId: r.fromServerId }))
      : [];
  await deps.db.siteOperationGroup.createMany({ data: [...rows, ...back] as Prisma.SiteOperationGroupCreateManyInput[] });
  return deps.engine.run(op.id, actor);
}

export async function startEvacuation(deps: DrDeps, actor: Actor, siteId: string, body: TStartEvacuationRequest): Promise<Started> {
  const req = ZStartEvacuationRequest.parse(body);
  const preview = await previewEvacuation(deps, siteId, { parallelism: req.parallelism, dryRun: req.dryRun });
  // A dry run reports what is not ready; it refuses only when there is nothing to check.
  refuseUnready(preview, req.acceptSkipped || req.dryRun);
  return createSiteOperation(deps, actor, { kind: "EVACUATION", preview, phase: "out", reason: `${req.dryRun ? "dry run: " : ""}${req.reason}`, ticketRef: req.ticketRef, dryRun: req.dryRun, holdSeconds: null, stopOnSeverity: null, evacuationId: null, confirmedOff: req.confirmedOff });
}

export async function startReturn(deps: DrDeps, actor: Actor, siteId: string, body: TStartReturnRequest): Promise<Started> {
  const req = ZStartReturnRequest.parse(body);
  const { site, fleet, busy } = await context(deps, siteId);
  const evac = await evacuationToUndo(deps.db, site, req.evacuationId);
  const preview = returnPreview(fleet, site, evac, busy, req.parallelism);
  refuseUnready(preview, req.acceptSkipped);
  return createSiteOperation(deps, actor, { kind: "SITE_RETURN", preview, phase: "back", reason: req.reason, ticketRef: req.ticketRef, dryRun: false, holdSeconds: null, stopOnSeverity: null, evacuationId: evac.id });
}

export async function startSiteDrill(deps: DrDeps, actor: Actor, siteId: string, body: TStartSiteDrillRequest): Promise<Started> {
  const req = ZStartSiteDrillRequest.parse(body);
  const preview = await previewEvacuation(deps, siteId, { parallelism: req.parallelism });
  refuseUnready(preview, req.acceptSkipped);
  return createSiteOperation(deps, actor, { kind: "SITE_DRILL", preview, phase: "out", reason: `site drill: ${req.reason}`, ticketRef: req.ticketRef, dryRun: false, holdSeconds: req.holdSeconds, stopOnSeverity: req.stopOnSeverity, evacuationId: null });
}
