// The stop conditions of live drills (DESIGN section 7): while a live drill
// runs, an alert at least as severe as the drill asks, about its group or one
// of its members, or a member's health dropping (DOWN, UNREACHABLE, agent
// failing), halts it: the engine unwinds it, which restores the original
// primary. A step timing out unwinds on its own (the plan's policy); an
// operator's Halt is the operation's abort. Alerts the drill raises about
// itself (its own operation) do not count.
import type { Db } from "../db/client";
import type { Logger } from "../lib/logger";
import type { Actor } from "../auth/principal";
import type { AlertManager } from "../alerts/alert-manager";
import { severityRank, type TAlert } from "../alerts/alerts.types";
import type { HealthEngine, HostTransition } from "../health/health-engine";
import type { OperationsEngine } from "../operations/engine";
import { ZPlan, type TOperationStateEvent } from "../operations/operation.types";
import { ZDrillMeta } from "./drills.types";

export const guardActor: Actor = { userId: null, label: "drill stop condition" };
const UNHEALTHY = new Set(["DOWN", "UNREACHABLE", "AGENT_ERROR"]);

type Watched = {
  operationId: string;
  groupId: string;
  members: Set<string>;
  originalPrimary: string;
  /** The hold step's index: the switchover is done before it, the failback after it. */
  holdIndex: number;
  stopOnSeverity: "WARNING" | "CRITICAL";
  since: number;
  halted: boolean;
};

export type DrillGuard = {
  start(): Promise<void>;
  stop(): void;
  /** Fed the engine's operation state events. */
  onOperationState(e: TOperationStateEvent): void;
  /** Drills watched now (tests). */
  watching(): string[];
};

export function createDrillGuard(deps: { db: Db; engine: OperationsEngine; alerts?: AlertManager; health: HealthEngine; log: Logger }): DrillGuard {
  const log = deps.log.child({ component: "drill-guard" });
  const watched = new Map<string, Watched>();
  let unsubscribe: (() => void) | null = null;

  async function watch(operationId: string): Promise<void> {
    if (watched.has(operationId)) return;
    const op = await deps.db.operation.findUnique({ where: { id: operationId }, select: { kind: true, state: true, groupId: true, plan: true, startedAt: true, createdAt: true } });
    if (!op || op.kind !== "DRILL" || op.state !== "RUNNING" || !op.groupId) return;
    const plan = ZPlan.safeParse(op.plan).data;
    const meta = ZDrillMeta.safeParse(plan?.meta ?? {});
    if (!meta.success || meta.data.drill.mode !== "live") return;
    const members = await deps.db.groupMember.findMany({ where: { groupId: op.groupId }, select: { serverId: true } });
    watched.set(operationId, {
      operationId,
      groupId: op.groupId,
      members: new Set(members.map((m) => m.serverId)),
      originalPrimary: meta.data.drill.originalPrimary.serverId,
      holdIndex: plan!.steps.findIndex((s) => s.action === "drill-hold"),
      stopOnSeverity: meta.data.drill.stopOnSeverity,
      since: (op.startedAt ?? op.createdAt).getTime(),
      halted: false,
    });
    log.info("watching a live drill", { operationId });
  }

  function halt(w: Watched, why: string, opts: { keepThrough?: number } = {}): void {
    if (w.halted) return;
    w.halted = true;
    log.warn(`drill halted: ${why}`, { operationId: w.operationId });
    deps.engine.abort(w.operationId, guardActor, `stop condition: ${why}`, opts).catch((e: unknown) => log.error("could not halt the drill", { operationId: w.operationId, err: e as Error }));
  }

  function onAlert({ change, alert }: { change: string; alert: TAlert }): void {
    if (change !== "fired" && change !== "escalated") return;
    for (const w of watched.values()) {
      if (alert.operationId === w.operationId) continue;
      if (severityRank[alert.severity] < severityRank[w.stopOnSeverity]) continue;
      if (Date.parse(alert.firstSeenAt) < w.since && change === "fired") continue;
      const mine = alert.group?.id === w.groupId || (alert.server !== null && w.members.has(alert.server.id));
      if (!mine) continue;
      // A group-wide alert (its redundancy dropped), or any alert on the original primary, while that
      // primary is down is its death seen another way: judged as such, or it would race the hold step's own stop.
      const primaryState = deps.health.hosts.get(w.originalPrimary)?.state;
      const primaryDead = (alert.server === null || alert.server.id === w.originalPrimary) && (primaryState === "DOWN" || primaryState === "UNREACHABLE");
      if (primaryDead) stopFor(w, w.originalPrimary, `${alert.severity} alert "${alert.title}"`, true);
      else stopFor(w, alert.server?.id ?? null, `${alert.severity} alert "${alert.title}"`, alert.source === "host-down" || alert.source === "host-unreachable");
    }
  }

  /**
   * A member's health drops. Restoring the original primary is right unless the original primary is the one
   * that dropped after the switchover: during the hold the hold step stops the drill itself (the standby keeps
   * serving); while failing back only the failback is undone.
   */
  function onTransition(t: HostTransition): void {
    if (!UNHEALTHY.has(t.to)) return;
    for (const w of watched.values()) if (w.members.has(t.serverId)) stopFor(w, t.serverId, `a member went ${t.to}${t.reason ? ` (${t.reason})` : ""}`, t.to !== "AGENT_ERROR");
  }

  /** Halts the drill, unless the original primary died once the standby serves: then restoring it would be an outage (see onTransition). */
  function stopFor(w: Watched, serverId: string | null, why: string, dead: boolean): void {
    if (!dead || serverId !== w.originalPrimary || w.holdIndex < 0) return halt(w, why);
    void deps.db.operation
      .findUnique({ where: { id: w.operationId }, select: { currentStep: true } })
      .then((op) => {
        if (!op || op.currentStep < w.holdIndex) halt(w, why);
        else if (op.currentStep > w.holdIndex) halt(w, `${why}: the failback is undone, the standby stays primary`, { keepThrough: w.holdIndex });
        // At the hold: the hold step fails on its own if the original primary is down, and stops the drill where it is.
      })
      .catch((e: unknown) => log.error("could not judge a drill's stop condition", { operationId: w.operationId, err: e as Error }));
  }

  return {
    async start() {
      unsubscribe = deps.alerts?.subscribe(onAlert) ?? null;
      deps.health.on("transition", onTransition);
      // Drills left RUNNING by a previous process (the engine resumes them): watch them again.
      const running = await deps.db.operation.findMany({ where: { kind: "DRILL", state: "RUNNING" }, select: { id: true } });
      for (const r of running) await watch(r.id);
    },
    stop() {
      unsubscribe?.();
      deps.health.off("transition", onTransition);
      watched.clear();
    },
    onOperationState(e) {
      if (e.state === "RUNNING") {
        void watch(e.operationId).catch((err: unknown) => log.error("could not watch a drill", { operationId: e.operationId, err: err as Error }));
      } else if (e.state !== "PLANNED") {
        watched.delete(e.operationId);
      }
    },
    watching: () => [...watched.keys()],
  };
}
