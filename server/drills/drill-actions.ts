// The engine's actions for drills (plan-drill.ts): the hold of a live drill and
// the checks of a dry run. Checks only read: a dry run changes nothing.
import { z } from "zod";
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { liveStatesOf, type LiveStates } from "../groups/group-dto";
import type { Monitoring } from "../monitoring/monitoring-service";
import { testServerConnection } from "../inventory/connection/test-connection";
import { balancerControl, ZBalancerRef } from "../loadbalancer/balancer-ref";
import { engineActor } from "../operations/commit-change";
import type { ActionContext, ActionHandler } from "../operations/run-step";
import { chooseCandidate, loadPlanContext, primaryOf } from "../failover/failover-plan";

export type DrillActionDeps = {
  db: Db;
  secretBox: SecretBox;
  /** Every member's live state (plans). */
  live: () => LiveStates | undefined;
  /** One server's live health, cheap enough to poll. */
  host: (serverId: string) => { state: string; lag: number | null } | undefined;
};

const ZHold = z.object({ groupId: z.uuid(), holdSeconds: z.number().int().min(0), originalPrimaryServerId: z.uuid(), maxLagSec: z.number().nullable() });
/** Drills planned before COMMAND balancers carried the HAProxy fields at the top level. */
const ZLbCheck = z.preprocess(
  (v) => (v && typeof v === "object" && !("balancer" in v) ? { balancer: v, servers: (v as { servers?: unknown }).servers } : v),
  z.object({ balancer: ZBalancerRef, servers: z.array(z.string()) }),
);
const ZReport = z.object({ descriptions: z.array(z.string()) });
const POLL_MS = 250;
const DEAD = new Set(["DOWN", "UNREACHABLE"]);

/** Waits, giving up promptly when the step is aborted (a stop condition, Halt, or its timeout). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason ?? new Error("aborted"));
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason ?? new Error("aborted"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export function drillActions(deps: DrillActionDeps): Record<string, ActionHandler> {
  return {
    // The standby serves for the hold; then the original primary must be fit to take back: up and caught up.
    // If the original primary dies meanwhile there is nothing to fail back to: the step fails at once and the
    // plan stops here (onFailure "stop"), leaving the standby serving, which is the safe state.
    "drill-hold": async (ctx: ActionContext) => {
      const p = ZHold.parse(ctx.params);
      ctx.log(`holding ${p.holdSeconds} s`);
      const holdUntil = Date.now() + p.holdSeconds * 1000;
      for (;;) {
        const l = deps.host(p.originalPrimaryServerId);
        if (l && DEAD.has(l.state)) throw new Error(`the original primary is ${l.state}: cannot fail back; the standby stays primary`);
        const upToDate = p.maxLagSec === null || (l?.lag !== null && l?.lag !== undefined && l.lag <= p.maxLagSec);
        if (Date.now() >= holdUntil && l && (l.state === "UP" || l.state === "DEGRADED") && upToDate) {
          return { output: `held ${p.holdSeconds} s; the original primary is ${l.state}${l.lag !== null ? `, replication lag ${l.lag} s` : ""}: failing back` };
        }
        await sleep(POLL_MS, ctx.signal);
      }
    },

    "drill-check-candidate": async (ctx) => {
      const { groupId } = z.object({ groupId: z.uuid() }).parse(ctx.params);
      const plan = await loadPlanContext(deps.db, groupId, deps.live());
      const old = primaryOf(plan.group);
      const cand = chooseCandidate(plan.group); // throws with every standby's reasons
      return { output: `${cand.name} would take over from ${old.name} (${cand.health}, replication lag ${cand.lag ?? "unknown"} s, priority ${cand.priority})` };
    },

    "drill-check-ssh": async (ctx) => {
      if (!ctx.step.serverId) throw new Error("the check names no server");
      const r = await testServerConnection(deps.db, deps.secretBox, { ...engineActor, label: "drill" }, ctx.step.serverId);
      if (!r.ok) throw new Error(`SSH login failed: ${r.error ?? "unknown error"}`);
      return { output: `logged in (host key ${r.fingerprint ?? "unknown"}${r.pinnedFingerprint ? ", pinned" : ""})` };
    },

    "drill-check-lb": async (ctx) => {
      const p = ZLbCheck.parse(ctx.params);
      const lb = balancerControl(p.balancer, deps);
      const lines: string[] = [];
      for (const s of p.servers) lines.push(`${p.balancer.backend}/${s}: ${await lb.state({ backendServer: s })}`);
      return { output: `${lb.describe()} answers\n${lines.join("\n")}` };
    },

    "drill-report-plan": async (ctx) => {
      const p = ZReport.parse(ctx.params);
      return { output: p.descriptions.map((d, i) => `${i + 1}. ${d}`).join("\n") };
    },
  };
}

/** The drill actions reading live states from the running monitoring service. */
export function drillActionsWith(o: { db: Db; secretBox: SecretBox; monitoring: Pick<Monitoring, "snapshot" | "hostDetail"> }): Record<string, ActionHandler> {
  return drillActions({
    db: o.db,
    secretBox: o.secretBox,
    live: () => liveStatesOf(o.monitoring),
    host: (id) => {
      const h = o.monitoring.hostDetail(id)?.host;
      return h && { state: h.health, lag: h.lag };
    },
  });
}

export const DRILL_ACTIONS = ["drill-hold", "drill-check-candidate", "drill-check-ssh", "drill-check-lb", "drill-report-plan"] as const;
