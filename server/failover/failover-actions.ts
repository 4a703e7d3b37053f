// The engine's action handlers for switchover and failover plans. Steps carry
// their targets in params (failover-plan.ts); these only execute them.
// `resumable`: safe to run again after a restart cut a step short (reads, and
// load balancer states that are set, not toggled).
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import type { Logger } from "../lib/logger";
import { haproxyLoadBalancer } from "../loadbalancer/load-balancer";
import type { ActionContext, ActionHandler } from "../operations/run-step";
import { ZFenceParams, ZHookCall, ZLbTarget, ZSetRolesParams, ZVerifyParams, type THookCall, type TLbTarget } from "./failover-plan";
import { recordRecovery } from "./recovery";
import { runHook } from "./run-hook";

export type FailoverActionDeps = { db: Db; secretBox: SecretBox; log: Logger };

const VERIFY_POLL_MS = 200;

const balancer = (t: TLbTarget) => haproxyLoadBalancer({ address: t.address, backend: t.backend });

function resumable(h: ActionHandler): ActionHandler {
  h.resumable = true;
  return h;
}

function targetOf(ctx: ActionContext): string {
  if (!ctx.step.serverId) throw new Error(`step ${ctx.step.index} (${ctx.step.action}) names no server`);
  return ctx.step.serverId;
}

export function failoverActions(deps: FailoverActionDeps): Record<string, ActionHandler> {
  const hook = async (ctx: ActionContext, call: THookCall) => {
    if (!call.command) return { output: `skipped: the group has no ${call.hook} hook` };
    ctx.log(`$ ${call.hook}: ${call.command}`);
    const r = await runHook(deps, { serverId: targetOf(ctx), hook: call.command, env: call.env, timeoutMs: ctx.step.timeoutMs, signal: ctx.signal });
    return { output: r.output, exitCode: r.exitCode };
  };

  const lbSet = (what: "enable" | "drain" | "disable") =>
    resumable(async (ctx) => {
      const t = ZLbTarget.parse(ctx.params);
      const lb = balancer(t);
      await lb[what]({ backendServer: t.backendServer });
      return { output: `${lb.describe()}: ${t.backendServer} is ${await lb.state({ backendServer: t.backendServer })}` };
    });

  const actions: Record<string, ActionHandler> = {
    hook: (ctx) => hook(ctx, ZHookCall.parse(ctx.params)),
    "lb-enable": lbSet("enable"),
    "lb-drain": lbSet("drain"),
    "lb-disable": lbSet("disable"),

    // Until the step's timeout: the candidate's check hook passes and the balancer sends it traffic.
    verify: resumable(async (ctx) => {
      const p = ZVerifyParams.parse(ctx.params);
      if (p.check) ctx.log((await hook(ctx, p.check)).output || "check passed");
      if (p.lb) {
        const lb = balancer(p.lb);
        for (;;) {
          const v = await lb.verify!({ backendServer: p.lb.backendServer });
          if (v.serving) return { output: v.detail };
          if (ctx.signal.aborted) throw new Error(`not serving: ${v.detail}`);
          await new Promise((r) => setTimeout(r, VERIFY_POLL_MS));
        }
      }
      return { output: "verified" };
    }),

    // Fencing: the hook, else (or when it fails) isolation at the balancer. Required and impossible: fail.
    fence: async (ctx) => {
      const p = ZFenceParams.parse(ctx.params);
      const problems: string[] = [];
      if (p.fence.command) {
        try {
          const r = await hook(ctx, p.fence);
          return { output: `fenced by hook${r.output ? `\n${r.output}` : ""}`, exitCode: r.exitCode };
        } catch (e) {
          problems.push(`fence hook failed: ${e instanceof Error ? e.message : String(e)}`);
          ctx.log(problems.at(-1)!);
        }
      } else problems.push("no fence hook");
      if (p.lb) {
        try {
          const lb = balancer(p.lb);
          await lb.disable({ backendServer: p.lb.backendServer });
          return { output: `fenced by isolation: ${lb.describe()} ${p.lb.backendServer} in maintenance (${problems.join("; ")})` };
        } catch (e) {
          problems.push(`isolation at the balancer failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      } else problems.push("no load balancer to isolate it at");
      if (p.required) throw new Error(`fencing is required and failed: ${problems.join("; ")}`);
      return { output: `NOT fenced (fencing not required for this group): ${problems.join("; ")}` };
    },

    "set-roles": resumable(async (ctx) => {
      const p = ZSetRolesParams.parse(ctx.params);
      await deps.db.$transaction([
        deps.db.groupMember.update({ where: { groupId_serverId: { groupId: p.groupId, serverId: p.primaryServerId } }, data: { role: "PRIMARY", adminState: "IN_SERVICE" } }),
        deps.db.groupMember.update({
          where: { groupId_serverId: { groupId: p.groupId, serverId: p.standbyServerId } },
          data: { role: "STANDBY", ...(p.standbyAdminState ? { adminState: p.standbyAdminState } : {}) },
        }),
      ]);
      let recovery = "";
      if (p.recovery) {
        const f = await recordRecovery(deps.db, ctx.operation, p.recovery, new Date());
        const t = f.timings;
        recovery = `\nRTO ${f.rtoMs} ms (from the ${t.rtoFrom === "last-good-answer" ? "old primary's last good answer" : "operation's start"}; detection ${t.detectionMs ?? "-"} ms, decision ${t.decisionMs ?? "-"} ms, cutover ${t.cutoverMs} ms), RPO ${f.rpoMs === null ? "unknown" : `${f.rpoMs} ms`}`;
      }
      return { output: `roles recorded${p.standbyAdminState === "FENCED" ? "; the old primary is FENCED" : ""}${recovery}` };
    }),
  };
  return actions;
}

export const FAILOVER_ACTIONS = ["hook", "lb-enable", "lb-drain", "lb-disable", "verify", "fence", "set-roles"] as const;
