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

type Watched = { operationId: string; groupId: string; members: Set<string>; stopOnSeverity: "WARNING" | "CRITICAL"; since: number; halted: boolean };

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
    const meta = ZDrillMeta.safeParse(ZPlan.safeParse(op.plan).data?.meta ?? {});
    if (!meta.success || meta.data.drill.mode !== "live") return;
    const members = await deps.db.groupMember.findMany({ where: { groupId: op.groupId }, select: { serverId: true } });
    watched.set(operationId, {
      operationId,
      groupId: op.groupId,
      members: new Set(members.map((m) => m.serverId)),
      stopOnSeverity: meta.data.drill.stopOnSeverity,
      since: (op.startedAt ?? op.createdAt).getTime(),
      halted: false,
    });
    log.info("watching a live drill", { operationId });
  }

  function halt(w: Watched, why: string): void {
    if (w.halted) return;
    w.halted = true;
    log.warn(`drill halted: ${why}`, { operationId: w.operationId });
    deps.engine.abort(w.operationId, guardActor, `stop condition: ${why}`).catch((e: unknown) => log.error("could not halt the drill", { operationId: w.operationId, err: e as Error }));
  }

  function onAlert({ change, alert }: { change: string; alert: TAlert }): void {
    if (change !== "fired" && change !== "escalated") return;
    for (const w of watched.values()) {
      if (alert.operationId === w.operationId) continue;
      if (severityRank[alert.severity] < severityRank[w.stopOnSeverity]) continue;
      if (Date.parse(alert.firstSeenAt) < w.since && change === "fired") continue;
      const mine = alert.group?.id === w.groupId || (alert.server !== null && w.members.has(alert.server.id));
      if (mine) halt(w, `${alert.severity} alert "${alert.title}"`);
    }
  }

  function onTransition(t: HostTransition): void {
    if (!UNHEALTHY.has(t.to)) return;
    for (const w of watched.values()) if (w.members.has(t.serverId)) halt(w, `a member went ${t.to}${t.reason ? ` (${t.reason})` : ""}`);
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
