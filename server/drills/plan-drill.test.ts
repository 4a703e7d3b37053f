import { describe, expect, it } from "vitest";
import { member, planContext } from "../failover/plan-fixtures";
import { planDryRun, planLiveDrill } from "./plan-drill";

const opts = { holdSeconds: 45, stopOnSeverity: "CRITICAL" as const };

describe("a live drill's plan", () => {
  it("switches over, holds, fails back; the switchover's roles can be undone and only it records RTO/RPO; a timeout unwinds", () => {
    const d = planLiveDrill(planContext(), opts);
    const actions = d.plan.steps.map((s) => s.action);
    const hold = actions.indexOf("drill-hold");
    expect(actions.slice(0, hold)).toEqual(["hook", "lb-drain", "hook", "hook", "lb-disable", "lb-enable", "verify", "set-roles"]);
    expect(actions.slice(hold + 1)).toEqual(["hook", "lb-drain", "hook", "hook", "lb-disable", "lb-enable", "verify", "set-roles"]);
    const [there, back] = d.plan.steps.filter((s) => s.action === "set-roles");
    expect(there!.params).toMatchObject({ primaryServerId: member(2, {}).serverId, standbyServerId: member(1, {}).serverId, recovery: { since: null, lagSec: 0.5 } });
    expect(there!.rollback).toMatchObject({ action: "set-roles", params: { primaryServerId: member(1, {}).serverId } });
    expect(back!.params).toMatchObject({ primaryServerId: member(1, {}).serverId });
    expect(back!.params).not.toHaveProperty("recovery");
    expect(d.plan.steps[hold]).toMatchObject({ params: { holdSeconds: 45, maxLagSec: 30 }, timeoutMs: 45_000 + 120_000, onFailure: "stop" });
    expect(d.plan.policy).toEqual({ onTimeout: "unwind", continueOnFailure: false });
    expect(d.descriptions[0]).toMatch(/^switchover: check hook on db-2/);
    expect(d.descriptions.at(-1)).toMatch(/^failback: record db-1 as PRIMARY/);
    expect(d.meta).toMatchObject({ mode: "live", originalPrimary: { name: "db-1" }, standby: { name: "db-2" } });
  });

  it("is refused when a switchover is (no standby qualifies)", () => {
    const ctx = planContext({ members: [member(1, { role: "PRIMARY" }), member(2, { state: "DOWN" })] });
    expect(() => planLiveDrill(ctx, opts)).toThrow(/No standby qualifies/);
  });
});

describe("a dry run's plan", () => {
  it("checks the candidate, every login, every configured hook in dry-run mode, the balancer, then reports the failover; runs all checks", () => {
    const d = planDryRun(planContext(), opts);
    expect(d.plan.policy).toEqual({ onTimeout: "unwind", continueOnFailure: true });
    expect(d.plan.steps.map((s) => s.action)).toEqual(["drill-check-candidate", "drill-check-ssh", "drill-check-ssh", "drill-check-ssh", "hook", "hook", "hook", "hook", "drill-check-lb", "drill-report-plan"]);
    const hooks = d.plan.steps.filter((s) => s.action === "hook");
    expect(hooks.map((s) => (s.params as { hook: string }).hook)).toEqual(["check", "promote", "demote", "fence"]);
    expect(hooks.every((s) => (s.params as { env: Record<string, string> }).env.TANDEM_DRY_RUN === "1")).toBe(true);
    // No step can change anything: none carries an undo.
    expect(d.plan.steps.some((s) => s.rollback)).toBe(false);
    expect((d.plan.steps.at(-1)!.params as { descriptions: string[] }).descriptions[0]).toMatch(/^fence db-1/);
  });

  it("still plans every check when no failover is possible, and says why in the report", () => {
    const ctx = planContext({ members: [member(1, { role: "PRIMARY" }), member(2, { lag: 300 })] });
    const d = planDryRun(ctx, opts);
    expect(d.plan.steps[0]!.action).toBe("drill-check-candidate");
    expect((d.plan.steps.at(-1)!.params as { descriptions: string[] }).descriptions[0]).toMatch(/no failover is possible now: .*replication lag 300s > 30s/);
  });
});
