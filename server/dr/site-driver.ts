// Drives a site operation (EVACUATION, SITE_RETURN, SITE_DRILL) through its
// steps: each stage's pre hook, the stage (its groups moved in parallel up to
// the bound, each by a child operation of its own: switchover, failover,
// rejoin, dry-run drill, or a drain through the balancer), the post hook; a
// drill's hold between the two phases. Every group's row is written before and
// after it moves, so a restart picks up where it was: a child still running is
// waited for (the engine recovers it), a group not started starts.
//
// Trouble: a failed group fails its stage and no later stage starts. An abort
// starts no new group and aborts the children in flight (they roll back), so
// every group ends either moved or as it was. A site drill, failed or
// aborted, always runs its return phase: whatever moved comes back.
import { setMaxListeners } from "node:events";
import type { Actor } from "../auth/principal";
import type { SecretBox } from "../crypto/secret-box";
import type { SiteOperationGroup } from "../db/generated/client";
import { runHook } from "../failover/run-hook";
import { startSwitch, startRejoin } from "../failover/start-switch";
import { getGroup } from "../groups/get-group";
import type { LiveStates } from "../groups/group-dto";
import type { TGroup } from "../groups/groups.types";
import { rotateMember } from "../groups/rotate-member";
import { startDrill } from "../drills/start-drill";
import { severityRank } from "../alerts/alerts.types";
import { commitChange, engineActor, loadOperation, type EngineDeps } from "../operations/commit-change";
import type { Driving } from "../operations/drive-operation";
import { ABORT_MARK, type KindDriver, type OperationsEngine } from "../operations/engine";
import { getOperation } from "../operations/get-operation";
import { capOutput } from "../operations/step-output";
import type { TOperation } from "../operations/operation.types";
import { selectCandidate, rejectionReasons } from "../failover/select-candidate";
import { standbyView } from "./plan-evacuation";
import { siteMetaOf, ZHoldParams, ZHookParams, ZStageParams, type TPhase, type TSiteMeta } from "./site-meta";

const LIVE = ["PLANNED", "RUNNING", "PAUSED"];
/** How long a group's move back waits for its original primary to qualify as a standby (a poll or two). */
const QUALIFY_WAIT_MS = 30_000;
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

export type SiteDriverDeps = {
  secretBox: SecretBox;
  live: () => LiveStates | undefined;
  engine: () => OperationsEngine;
  /** How often a child operation left by a restart is looked at. */
  pollMs?: number;
};

export function siteDriver(deps: SiteDriverDeps): KindDriver {
  return {
    async hasWorkInFlight(engine, id) {
      return (await engine.db.siteOperationGroup.count({ where: { operationId: id, state: "RUNNING" } })) > 0;
    },
    drive: (engine, id, d) => new SiteRun(deps, engine, id, d).drive(),
  };
}

type StepRow = NonNullable<Awaited<ReturnType<typeof loadOperation>>>["steps"][number];

class SiteRun {
  private meta!: TSiteMeta;
  private kind!: string;
  private reason = "";
  private actor: Actor;
  /** Why the operation stops moving groups out (a failed stage, a drill's stop condition). */
  private failure: string | null = null;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: SiteDriverDeps,
    private readonly engine: EngineDeps,
    private readonly id: string,
    private readonly d: Driving,
  ) {
    this.actor = engineActor;
  }

  private get db() {
    return this.engine.db;
  }

  async drive(): Promise<TOperation> {
    const op = await loadOperation(this.db, this.id);
    if (!op) throw new Error(`operation ${this.id} vanished`);
    this.meta = siteMetaOf(op.plan);
    this.kind = op.kind;
    this.reason = op.reason;
    this.actor = { userId: null, label: op.initiator === "auto" ? "auto" : op.initiator };
    // A restart after an abort was asked: finish the abort.
    if (!this.d.abortBy && op.outcome?.startsWith(ABORT_MARK)) this.d.abortBy = { actor: engineActor, reason: op.outcome.slice(ABORT_MARK.length).replace(/^: /, "") };
    this.failure = ((op.timings ?? {}) as { failure?: string }).failure ?? null;
    this.planSteps = ((op.plan as { steps?: unknown[] }).steps ?? []) as unknown[];
    setMaxListeners(0, this.d.controller.signal);

    for (let i = op.currentStep; i < op.steps.length; i++) {
      const step = op.steps[i]!;
      if (this.d.stopping) return (await getOperation(this.db, this.id))!;
      if (this.d.pauseBy && !this.unwinding(step)) {
        const paused = await this.settlePause();
        if (paused) return paused;
      }
      if (this.stoppedOut() && !this.returnsAnyway(step)) {
        await this.commitStep(step, i, { state: "SKIPPED", endedAt: this.engine.clock(), output: this.d.abortBy ? "skipped: the operation was aborted" : `skipped: ${this.failure}` });
        continue;
      }
      const r = await this.runStep(step);
      if (this.d.stopping) return (await getOperation(this.db, this.id))!;
      if (r === "paused") {
        const paused = await this.settlePause();
        if (paused) return paused;
        i--; // resumed meanwhile: the stage carries on with its groups not yet moved
        continue;
      }
      await this.commitStep(step, i, { state: r.ok ? "SUCCEEDED" : "FAILED", endedAt: this.engine.clock(), output: capOutput(r.output) });
      if (!r.ok && !this.failure && !this.unwinding(step)) {
        this.failure = r.output.split("\n")[0]!.slice(0, 300);
        await commitChange(this.engine, this.id, { op: { timings: { failure: this.failure } } });
      }
    }
    return this.finish();
  }

  /** A site drill's return phase runs whatever happened before it. */
  private returnsAnyway(step: StepRow): boolean {
    return this.kind === "SITE_DRILL" && this.unwinding(step);
  }

  private unwinding(step: StepRow): boolean {
    return this.kind === "SITE_DRILL" && step.action !== "dr.hold" && (step.action === "dr.stage" ? ZStageParams.parse(this.paramsOf(step)).phase === "back" : ZHookParams.safeParse(this.paramsOf(step)).data?.phase === "back");
  }

  private stoppedOut(): boolean {
    return !!this.d.abortBy || !!this.failure;
  }

  private planSteps: unknown[] = [];
  private paramsOf(step: StepRow): Record<string, unknown> {
    return (this.planSteps as { params?: Record<string, unknown> }[])[step.index]?.params ?? {};
  }

  private async commitStep(step: StepRow, i: number, data: { state: "SUCCEEDED" | "FAILED" | "SKIPPED"; endedAt: Date; output: string }) {
    await commitChange(this.engine, this.id, { step: { id: step.id, data }, op: { currentStep: i + 1 } });
  }

  private async runStep(step: StepRow): Promise<{ ok: boolean; output: string } | "paused"> {
    await commitChange(this.engine, this.id, { step: { id: step.id, data: { state: "RUNNING", startedAt: step.startedAt ?? this.engine.clock(), endedAt: null } } });
    const params = this.paramsOf(step);
    try {
      switch (step.action) {
        case "dr.pre":
        case "dr.post":
          return await this.runStageHook(step, ZHookParams.parse(params));
        case "dr.hold":
          return await this.hold(ZHoldParams.parse(params).holdSeconds);
        case "dr.stage": {
          const p = ZStageParams.parse(params);
          return await this.runStage(p.phase, p.stage);
        }
        default:
          return { ok: false, output: `unknown action ${step.action}` };
      }
    } catch (e) {
      return { ok: false, output: e instanceof Error ? e.message : String(e) };
    }
  }

  private async runStageHook(step: StepRow, p: ReturnType<typeof ZHookParams.parse>): Promise<{ ok: boolean; output: string }> {
    const r = await runHook(
      { db: this.db, secretBox: this.deps.secretBox },
      {
        serverId: p.hook.serverId,
        hook: p.hook.command,
        env: { TANDEM_SITE: this.meta.site.name, TANDEM_STAGE: this.meta.stages[p.stage]?.name ?? String(p.stage + 1), TANDEM_PHASE: p.phase === "out" ? "evacuate" : "return", TANDEM_OPERATION: this.id, TANDEM_HOOK: step.action === "dr.pre" ? "pre" : "post", ...(this.meta.dryRun ? { TANDEM_DRY_RUN: "1" } : {}) },
        timeoutMs: p.hook.timeoutSeconds * 1000,
        signal: this.signalFor(p.phase),
      },
    );
    const head = `${step.action === "dr.pre" ? "pre" : "post"} hook on ${p.hook.serverName}: ${p.hook.command} → exit ${r.exitCode}`;
    return { ok: r.exitCode === 0, output: `${head}\n${r.output}`.trim() };
  }

  /** A site drill's hold: the site stays evacuated; an alert at the stop severity on a moved group, or a moved group BROKEN, ends it early. */
  private async hold(seconds: number): Promise<{ ok: boolean; output: string }> {
    const since = this.engine.clock();
    const until = since.getTime() + seconds * 1000;
    const moved = (await this.db.siteOperationGroup.findMany({ where: { operationId: this.id, phase: "out", state: "SUCCEEDED" }, select: { groupId: true } })).map((r) => r.groupId);
    while (Date.now() < until) {
      if (this.d.abortBy) return { ok: false, output: `hold ended early: ${this.d.abortBy.reason}` };
      if (this.d.stopping) return { ok: false, output: "interrupted" };
      const stop = await this.stopCondition(moved, since);
      if (stop) return { ok: false, output: `stop condition: ${stop}; the hold ended after ${Math.round((Date.now() - since.getTime()) / 1000)} s` };
      await sleep(Math.min(1000, Math.max(0, until - Date.now())), this.d.controller.signal);
    }
    return { ok: true, output: `held ${seconds} s with ${moved.length} group(s) out of ${this.meta.site.name}; no stop condition` };
  }

  private async stopCondition(groupIds: string[], since: Date): Promise<string | null> {
    if (!groupIds.length) return null;
    const min = severityRank[this.meta.stopOnSeverity ?? "CRITICAL"];
    const alerts = await this.db.alert.findMany({ where: { groupId: { in: groupIds }, state: "FIRING", suppressed: false, lastSeenAt: { gte: since } }, select: { title: true, severity: true } });
    const hit = alerts.find((a) => severityRank[a.severity] >= min);
    if (hit) return `alert "${hit.title}" (${hit.severity})`;
    for (const gid of groupIds) {
      const g = await getGroup(this.db, gid, this.deps.live()).catch(() => null);
      if (g?.redundancy.state === "BROKEN") return `${g.name} is BROKEN`;
    }
    return null;
  }

  // ---- stages ------------------------------------------------------------------

  private async runStage(phase: TPhase, stage: number): Promise<{ ok: boolean; output: string } | "paused"> {
    if (phase === "back" && this.kind === "SITE_DRILL") await this.ensureBackRows();
    const rows = await this.db.siteOperationGroup.findMany({ where: { operationId: this.id, phase, stage }, orderBy: { position: "asc" } });
    const bound = this.meta.parallelism;
    const stopStarting = () => this.d.stopping || !!this.d.pauseBy || (phase === "out" || this.kind !== "SITE_DRILL" ? this.stoppedOut() : false);
    for (const row of rows.filter((r) => r.state === "RUNNING")) this.start(row);
    for (const row of rows.filter((r) => r.state === "PENDING")) {
      if (stopStarting()) break;
      while (this.inFlight.size >= bound) await Promise.race(this.inFlight.values());
      if (stopStarting()) break;
      this.start(row);
    }
    await Promise.all(this.inFlight.values());
    if (this.d.stopping) return { ok: false, output: "interrupted" };
    const after = await this.db.siteOperationGroup.findMany({ where: { operationId: this.id, phase, stage }, orderBy: { position: "asc" } });
    if (this.d.pauseBy && after.some((r) => r.state === "PENDING") && !this.stoppedOut()) return "paused";
    if (this.d.abortBy && (phase === "out" || this.kind !== "SITE_DRILL")) {
      await this.db.siteOperationGroup.updateMany({ where: { operationId: this.id, phase, stage, state: "PENDING" }, data: { state: "SKIPPED", detail: "not started: the operation was aborted", endedAt: this.engine.clock() } });
    }
    const final = await this.db.siteOperationGroup.findMany({ where: { operationId: this.id, phase, stage }, orderBy: { position: "asc" } });
    const failed = final.filter((r) => r.state === "FAILED");
    const n = (s: string) => final.filter((r) => r.state === s).length;
    const lines = final.map((r) => `${r.state.padEnd(9)} ${r.action} ${r.detail}`.trimEnd());
    const head = `${this.meta.stages[stage]?.name ?? `stage ${stage + 1}`}: ${n("SUCCEEDED")} moved, ${failed.length} failed, ${n("SKIPPED")} skipped of ${final.length}`;
    return { ok: failed.length === 0, output: [head, ...lines].join("\n") };
  }

  private start(row: SiteOperationGroup) {
    const p = this.moveGroup(row)
      .catch(async (e: unknown) => {
        this.engine.log.error("site operation group failed", { operationId: this.id, groupId: row.groupId, err: e as Error });
        await this.finishRow(row, "FAILED", e instanceof Error ? e.message : String(e)).catch(() => undefined);
      })
      .finally(() => this.inFlight.delete(row.id));
    this.inFlight.set(row.id, p);
  }

  private async updateRow(row: SiteOperationGroup, data: Partial<Pick<SiteOperationGroup, "state" | "childOperationId" | "detail" | "startedAt" | "endedAt" | "rtoMs" | "action" | "toServerId">>) {
    Object.assign(row, await this.db.siteOperationGroup.update({ where: { id: row.id }, data }));
    // The site view refetches its report on every step event; a group's change is one too.
    this.engine.emit(`operation:${this.id}`, "operation:site-group", { operationId: this.id, groupId: row.groupId, phase: row.phase, state: row.state });
  }

  private async finishRow(row: SiteOperationGroup, state: "SUCCEEDED" | "FAILED" | "SKIPPED", detail: string, rtoMs?: number | null) {
    const endedAt = this.engine.clock();
    const took = row.startedAt ? endedAt.getTime() - row.startedAt.getTime() : null;
    await this.updateRow(row, { state, detail: detail.slice(0, 2000), endedAt, rtoMs: rtoMs ?? (state === "SUCCEEDED" ? took : null) });
  }

  private async moveGroup(row: SiteOperationGroup): Promise<void> {
    if (row.state === "PENDING") await this.updateRow(row, { state: "RUNNING", startedAt: this.engine.clock() });
    // A child started before a restart (recorded, or found by its parent link): wait for it.
    const child = row.childOperationId ?? (await this.db.operation.findFirst({ where: { parentId: this.id, groupId: row.groupId, createdAt: { gte: row.startedAt ?? new Date(0) } }, orderBy: { createdAt: "desc" }, select: { id: true } }))?.id;
    if (child && (await this.db.operation.findUnique({ where: { id: child }, select: { kind: true } }))?.kind !== "REJOIN") return this.settleChild(row, child);
    const why = `${this.kind === "EVACUATION" ? "evacuation of" : this.kind === "SITE_RETURN" ? "return to" : "site drill of"} ${this.meta.site.name}${this.reason ? `: ${this.reason}` : ""}`.slice(0, 480);
    const group = await getGroup(this.db, row.groupId, this.deps.live());
    const sw = { db: this.db, engine: this.deps.engine(), live: this.deps.live() };
    switch (row.action) {
      case "SWITCHOVER":
      case "FAILOVER": {
        if (row.phase === "out") {
          const primary = group.members.find((m) => m.role === "PRIMARY");
          if (primary && primary.site?.id !== this.meta.site.id) return this.finishRow(row, "SUCCEEDED", `already out: ${primary.name} (${primary.site?.name ?? "no site"}) is its primary`, 0);
          const live = !!primary && (primary.health === "UP" || primary.health === "DEGRADED") && primary.adminState === "IN_SERVICE" && primary.criticalServicesDown.length === 0;
          const to = this.candidateOutside(group, row.toServerId);
          if (!to) return this.finishRow(row, "FAILED", `no standby outside ${this.meta.site.name} qualifies now`);
          const kind = live ? "SWITCHOVER" : "FAILOVER";
          if (kind !== row.action || to !== row.toServerId) await this.updateRow(row, { action: kind, toServerId: to });
          const { operation, done } = await startSwitch(sw, this.actor, kind, row.groupId, { reason: why, candidateServerId: to, ...(kind === "FAILOVER" && this.meta.confirmedOff ? { confirmedOff: true } : {}) }, { parentId: this.id });
          await this.updateRow(row, { childOperationId: operation.id });
          return this.settleChild(row, operation.id, done);
        }
        const primary = group.members.find((m) => m.role === "PRIMARY");
        if (primary?.serverId === row.toServerId) return this.finishRow(row, "SUCCEEDED", `already back: ${primary.name} is its primary`, 0);
        await this.untilQualified(row.groupId, row.toServerId!);
        const { operation, done } = await startSwitch({ ...sw, live: this.deps.live() }, this.actor, "SWITCHOVER", row.groupId, { reason: why, candidateServerId: row.toServerId ?? undefined }, { parentId: this.id });
        await this.updateRow(row, { childOperationId: operation.id });
        return this.settleChild(row, operation.id, done);
      }
      case "REJOIN_SWITCHOVER": {
        const original = group.members.find((m) => m.serverId === row.toServerId);
        if (!original) return this.finishRow(row, "FAILED", "its original primary is no longer a member");
        if (original.role === "PRIMARY") return this.finishRow(row, "SUCCEEDED", `already back: ${original.name} is its primary`, 0);
        if (original.adminState === "FENCED") {
          // The rejoin first (its own child), then the switchover back to it.
          const rejoin = child ? { operation: { id: child }, done: undefined } : await startRejoin(sw, this.actor, row.groupId, original.serverId, { reason: why }, { parentId: this.id });
          if (!child) await this.updateRow(row, { childOperationId: rejoin.operation.id });
          const r = await this.waitChild(rejoin.operation.id, "back", rejoin.done);
          if (r.state !== "SUCCEEDED") return this.finishRow(row, "FAILED", `rejoin of ${original.name} ${r.state}: ${r.outcome ?? ""}`);
        }
        await this.untilQualified(row.groupId, original.serverId);
        const { operation, done } = await startSwitch({ ...sw, live: this.deps.live() }, this.actor, "SWITCHOVER", row.groupId, { reason: why, candidateServerId: original.serverId }, { parentId: this.id });
        await this.updateRow(row, { childOperationId: operation.id });
        return this.settleChild(row, operation.id, done);
      }
      case "DRAIN":
      case "ENABLE": {
        const want = row.action === "DRAIN" ? "drain" : "enable";
        const from = row.action === "DRAIN" ? "IN_SERVICE" : "DRAINED";
        const members = await this.db.groupMember.findMany({
          where: { groupId: row.groupId, adminState: from, server: { siteId: this.meta.site.id } },
          include: { server: { select: { name: true } }, group: { select: { name: true, hooks: true, loadBalancerId: true } } },
        });
        const done: string[] = [];
        for (const m of members) {
          const how = await rotateMember({ db: this.db, secretBox: this.deps.secretBox }, m, want, { signal: this.signalFor(row.phase as TPhase) });
          await this.db.groupMember.update({ where: { id: m.id }, data: { adminState: want === "drain" ? "DRAINED" : "IN_SERVICE" } });
          done.push(`${m.server.name}: ${how}`);
        }
        return this.finishRow(row, "SUCCEEDED", done.length ? done.join("; ") : `nothing to ${want}`);
      }
      case "DRY_RUN": {
        if (group.mode === "ACTIVE_PASSIVE") {
          const { operation, done } = await startDrill(sw, this.actor, row.groupId, { mode: "dry-run", reason: why, holdSeconds: 0, stopOnSeverity: "CRITICAL" }, { parentId: this.id });
          await this.updateRow(row, { childOperationId: operation.id });
          return this.settleChild(row, operation.id, done);
        }
        const serving = group.members.filter((m) => m.site?.id !== this.meta.site.id && (m.health === "UP" || m.health === "DEGRADED") && m.adminState === "IN_SERVICE");
        const ok = serving.length >= group.minHealthy;
        return this.finishRow(row, ok ? "SUCCEEDED" : "FAILED", `${serving.length} member(s) would keep serving outside ${this.meta.site.name} (minimum ${group.minHealthy})`);
      }
      default:
        return this.finishRow(row, "SKIPPED", row.detail || "nothing to do");
    }
  }

  /**
   * A primary demoted moments ago (a drill's switchover out, a rejoin) reports its replication lag
   * only at its next poll: wait, bounded, until it qualifies as a candidate. Past the bound the
   * switchover is tried anyway and refuses with the standby's reasons.
   */
  private async untilQualified(groupId: string, serverId: string, ms = QUALIFY_WAIT_MS): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && !this.d.stopping) {
      const g = await getGroup(this.db, groupId, this.deps.live());
      const m = g.members.find((x) => x.serverId === serverId);
      if (!m || m.role !== "STANDBY") return;
      if (!rejectionReasons(standbyView(m), g.maxReplicationLagSeconds).length) return;
      await sleep(this.deps.pollMs ?? 500);
    }
  }

  /** The best qualifying standby outside the site: the planned one while it still qualifies. */
  private candidateOutside(group: TGroup, planned: string | null): string | null {
    const outside = group.members.filter((m) => m.role === "STANDBY" && m.site?.id !== this.meta.site.id);
    const views = outside.map(standbyView);
    const keep = views.find((v) => v.serverId === planned);
    if (keep && rejectionReasons(keep, group.maxReplicationLagSeconds).length === 0) return keep.serverId;
    const c = selectCandidate(views, group.maxReplicationLagSeconds);
    return c.ok ? c.candidate.serverId : null;
  }

  /** Waits for a child operation: its promise when this process started it, else the database (the engine recovers it). */
  private async waitChild(id: string, phase: TPhase, done?: Promise<TOperation>): Promise<{ state: string; outcome: string | null; rtoMs: number | null; startedAt: Date | null; endedAt: Date | null }> {
    let aborted = false;
    const abortChild = async () => {
      if (aborted || !this.d.abortBy || !this.signalFor(phase)) return;
      aborted = true;
      await this.deps
        .engine()
        .abort(id, this.d.abortBy.actor, `the site operation was aborted`)
        .catch(() => undefined);
    };
    if (done) {
      const onAbort = () => void abortChild();
      this.d.controller.signal.addEventListener("abort", onAbort, { once: true });
      await done;
      this.d.controller.signal.removeEventListener("abort", onAbort);
    }
    for (;;) {
      const op = await this.db.operation.findUnique({ where: { id }, select: { state: true, outcome: true, rtoMs: true, startedAt: true, endedAt: true } });
      if (!op) return { state: "FAILED", outcome: "the child operation vanished", rtoMs: null, startedAt: null, endedAt: null };
      if (!LIVE.includes(op.state) || (op.state === "PAUSED" && this.d.abortBy)) {
        if (op.state === "PAUSED") await abortChild();
        else return op;
      }
      if (this.d.stopping) return { state: "RUNNING", outcome: null, rtoMs: null, startedAt: null, endedAt: null };
      await abortChild();
      await sleep(this.deps.pollMs ?? 500);
    }
  }

  /** An abort stops what moves out; a site drill's return runs on regardless, so its work never sees the abort. */
  private signalFor(phase: TPhase): AbortSignal | undefined {
    return this.kind === "SITE_DRILL" && phase === "back" ? undefined : this.d.controller.signal;
  }

  private async settleChild(row: SiteOperationGroup, childId: string, done?: Promise<TOperation>): Promise<void> {
    const r = await this.waitChild(childId, row.phase as TPhase, done);
    if (this.d.stopping && LIVE.includes(r.state)) return; // left RUNNING for the next leader
    const took = r.startedAt && r.endedAt ? r.endedAt.getTime() - r.startedAt.getTime() : null;
    if (r.state === "SUCCEEDED") return this.finishRow(row, "SUCCEEDED", r.outcome ?? "done", r.rtoMs ?? took);
    const undone = r.state === "ROLLED_BACK" || r.state === "ABORTED";
    return this.finishRow(row, undone && this.d.abortBy ? "SKIPPED" : "FAILED", `${r.state.toLowerCase().replace("_", " ")}: ${r.outcome ?? ""}`.trim());
  }

  /**
   * A site drill's return rows (made at the start) fitted to what really moved out: a group that did not
   * move stays where it is (SKIPPED), one that failed over is rejoined before it is switched back to, and
   * each comes back to the primary it had. Idempotent: only PENDING rows change.
   */
  private async ensureBackRows(): Promise<void> {
    const out = new Map((await this.db.siteOperationGroup.findMany({ where: { operationId: this.id, phase: "out" } })).map((r) => [r.groupId, r]));
    for (const back of await this.db.siteOperationGroup.findMany({ where: { operationId: this.id, phase: "back", state: "PENDING" } })) {
      const o = out.get(back.groupId);
      if (!o || o.state !== "SUCCEEDED" || o.detail.startsWith("already out")) {
        await this.db.siteOperationGroup.update({ where: { id: back.id }, data: { state: "SKIPPED", detail: "did not move out: nothing to bring back", endedAt: this.engine.clock() } });
        continue;
      }
      const action = o.action === "DRAIN" ? "ENABLE" : o.action === "FAILOVER" ? "REJOIN_SWITCHOVER" : "SWITCHOVER";
      if (back.action !== action || back.toServerId !== o.fromServerId || back.fromServerId !== o.toServerId) {
        await this.db.siteOperationGroup.update({ where: { id: back.id }, data: { action, fromServerId: o.toServerId, toServerId: o.fromServerId } });
      }
    }
  }

  // ---- pause and the end ---------------------------------------------------------

  private async settlePause(): Promise<TOperation | null> {
    if (!this.d.pauseBy) return null;
    await Promise.all(this.inFlight.values());
    await commitChange(this.engine, this.id, { op: { state: "PAUSED", outcome: `${this.d.pauseBy.reason}; nothing in flight` } });
    if (this.d.pauseBy) return (await getOperation(this.db, this.id))!;
    await commitChange(this.engine, this.id, { op: { state: "RUNNING", outcome: null } });
    return null;
  }

  private async finish(): Promise<TOperation> {
    // Whatever did not start does not: recorded, never left PENDING.
    const notStarted = this.d.abortBy ? "not started: the operation was aborted" : `not started: ${this.failure ?? "the operation ended"}`;
    await this.db.siteOperationGroup.updateMany({ where: { operationId: this.id, state: "PENDING" }, data: { state: "SKIPPED", detail: notStarted.slice(0, 2000), endedAt: this.engine.clock() } });
    const rows = await this.db.siteOperationGroup.findMany({ where: { operationId: this.id } });
    const phaseSpan = (phase: string) => {
      const r = rows.filter((x) => x.phase === phase && x.startedAt && x.endedAt);
      if (!r.length) return null;
      return Math.max(...r.map((x) => x.endedAt!.getTime())) - Math.min(...r.map((x) => x.startedAt!.getTime()));
    };
    const out = rows.filter((r) => r.phase === "out");
    const back = rows.filter((r) => r.phase === "back");
    const n = (list: typeof rows, s: string) => list.filter((r) => r.state === s).length;
    const tally = (list: typeof rows, verb: string) => `${n(list, "SUCCEEDED")} of ${list.length} group(s) ${verb}, ${n(list, "FAILED")} failed, ${n(list, "SKIPPED")} skipped`;
    const ms = (v: number | null) => (v === null ? "" : `, RTO ${(v / 1000).toFixed(1)} s`);
    const outMs = phaseSpan("out");
    const backMs = phaseSpan("back");
    let summary: string;
    if (this.kind === "SITE_DRILL") summary = `out: ${tally(out, "moved")}${ms(outMs)}; back: ${tally(back, "returned")}${ms(backMs)}`;
    else if (this.kind === "SITE_RETURN") summary = `${tally(back, "returned")}${ms(backMs)}`;
    else summary = `${tally(out, this.meta.dryRun ? "checked" : "moved")}${this.meta.dryRun ? "" : ms(outMs)}`;
    const backFailed = back.some((r) => r.state === "FAILED");
    const state = this.d.abortBy ? "ABORTED" : this.failure || backFailed ? "FAILED" : "SUCCEEDED";
    const why = this.d.abortBy ? this.d.abortBy.reason : this.failure;
    const outcome = `${why ? `${why}; ` : ""}${summary}`;
    await commitChange(this.engine, this.id, {
      op: { state, endedAt: this.engine.clock(), outcome, rtoMs: this.kind === "SITE_RETURN" ? backMs : outMs, timings: { failure: this.failure, outMs, backMs } },
      audit: { actor: this.d.abortBy?.actor ?? engineActor, action: `operation.${state.toLowerCase()}`, details: { outcome } },
    });
    return (await getOperation(this.db, this.id))!;
  }
}
