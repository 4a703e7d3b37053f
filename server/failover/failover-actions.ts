// The engine's action handlers for switchover and failover plans. Steps carry
// their targets in params (failover-plan.ts); these only execute them.
// `resumable`: safe to run again after a restart cut a step short (reads, load
// balancer states that are set, not toggled, and fencing, which is idempotent).
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import type { Logger } from "../lib/logger";
import { balancerControl } from "../loadbalancer/balancer-ref";
import { describeAttempt, type TFenceAttempt } from "../fencing/fencing-levels";
import { runFenceDevice } from "../fencing/run-fence-device";
import type { ActionContext, ActionHandler } from "../operations/run-step";
import { ZExpectRoleParams, ZFenceParams, ZHookCall, ZLbTarget, ZSetMemberParams, ZSetRolesParams, ZVerifyParams, type THookCall, type TLbTarget } from "./failover-plan";
import { readRole } from "./role-probe";
import { recordRecovery } from "./recovery";
import { runHook } from "./run-hook";

export type FailoverActionDeps = { db: Db; secretBox: SecretBox; log: Logger };

const VERIFY_POLL_MS = 200;

function resumable(h: ActionHandler): ActionHandler {
  h.resumable = true;
  return h;
}

function targetOf(ctx: ActionContext): string {
  if (!ctx.step.serverId) throw new Error(`step ${ctx.step.index} (${ctx.step.action}) names no server`);
  return ctx.step.serverId;
}

export function failoverActions(deps: FailoverActionDeps): Record<string, ActionHandler> {
  const balancer = (t: TLbTarget) => balancerControl(t, deps);
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

  /** One fencing level: resolves with what confirmed it, throws with why not. */
  const attempt = async (ctx: ActionContext, a: TFenceAttempt): Promise<string> => {
    if (a.kind === "hook") {
      const r = await hook(ctx, { hook: "fence", command: a.command, env: a.env });
      return `the fence hook on ${a.serverName} succeeded${r.output ? `: ${r.output}` : ""}`;
    }
    if (a.kind === "device") return runFenceDevice(deps, a, { log: ctx.log, signal: ctx.signal });
    const lb = balancer(a.target);
    await lb.disable({ backendServer: a.target.backendServer });
    return `${lb.describe()}: ${a.target.backendServer} in maintenance (isolated)`;
  };

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

    // Fencing (DESIGN section 6): each planned level in order until one succeeds
    // and is confirmed; every attempt and skip is logged. Required and none
    // worked: the step fails, and with it the failover, before any promotion.
    // Resumable: fencing is idempotent by design (powering off what is off, isolating what is
    // isolated, each confirmed by its status). A new leader that finds a failover cut short in its
    // fence step fences again and carries on; ending it there would leave the old primary
    // perhaps off and nothing promoted: an outage.
    fence: resumable(async (ctx) => {
      const p = ZFenceParams.parse(ctx.params);
      const problems: string[] = [];
      for (const [i, level] of p.levels.entries()) {
        const label = `level ${i + 1} (${level.kind})`;
        if ("skipped" in level) {
          ctx.log(`${label}: skipped: ${level.skipped}`);
          problems.push(`${level.kind}: ${level.skipped}`);
          continue;
        }
        ctx.log(`${label}: ${describeAttempt(level)}`);
        try {
          const done = await attempt(ctx, level);
          ctx.log(`${label}: fenced. ${done}`);
          return { output: `fenced at ${label}: ${done}` };
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          ctx.log(`${label}: failed: ${msg}`);
          problems.push(`${level.kind}: ${msg}`);
        }
        if (ctx.signal.aborted) break;
      }
      if (!p.levels.length) problems.push("no fencing level configured");
      // Every level tried first: the operator's word is the last resort, never a shortcut.
      if (p.confirmedOffBy) return { output: `no level fenced it (${problems.join("; ")}); ${p.confirmedOffBy} confirmed it is off (manual fencing)` };
      if (p.required) throw new Error(`fencing is required and every level failed: ${problems.join("; ")}`);
      return { output: `NOT fenced (fencing not required for this group): ${problems.join("; ")}` };
    }),

    // Rejoin: until the step's timeout, the member's role probe prints the wanted role.
    "expect-role": resumable(async (ctx) => {
      const p = ZExpectRoleParams.parse(ctx.params);
      for (;;) {
        const r = await hook(ctx, p.probe);
        const role = readRole(r.output);
        if (role === p.want) return { output: `the role probe says ${role}` };
        ctx.log(`the role probe says ${JSON.stringify(r.output.slice(0, 100))}; waiting for ${p.want}`);
        if (ctx.signal.aborted) throw new Error(`the role probe still says ${JSON.stringify(r.output.slice(0, 100))}, not ${p.want}`);
        await new Promise((res) => setTimeout(res, VERIFY_POLL_MS * 5));
      }
    }),

    "set-member": resumable(async (ctx) => {
      const p = ZSetMemberParams.parse(ctx.params);
      await deps.db.groupMember.update({ where: { groupId_serverId: { groupId: p.groupId, serverId: p.serverId } }, data: { role: p.role, adminState: p.adminState } });
      return { output: `recorded as an in-service ${p.role}` };
    }),

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

export const FAILOVER_ACTIONS = ["hook", "lb-enable", "lb-drain", "lb-disable", "verify", "fence", "set-roles", "expect-role", "set-member"] as const;
