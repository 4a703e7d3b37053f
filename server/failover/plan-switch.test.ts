import { describe, expect, it } from "vitest";
import { member, planContext } from "./plan-fixtures";
import { planFailover } from "./plan-failover";
import { planSwitchover } from "./plan-switchover";
import { hookCommand } from "./run-hook";

const ctx = planContext;

describe("planSwitchover", () => {
  it("checks, drains, demotes, promotes, moves the balancer, verifies and records, each change with its undo", () => {
    const p = planSwitchover(ctx());
    expect(p.candidate.name).toBe("db-2");
    expect(p.plan.steps.map((s) => [s.action, (s.params as { hook?: string }).hook ?? null, s.rollback?.action ?? null])).toEqual([
      ["hook", "check", null],
      ["lb-drain", null, "lb-enable"],
      ["hook", "demote", "hook"],
      ["hook", "promote", "hook"],
      ["lb-disable", null, "lb-enable"],
      ["lb-enable", null, "lb-disable"],
      ["verify", null, null],
      ["set-roles", null, null],
    ]);
    expect(p.plan.steps[2]!.rollback!.params).toMatchObject({ hook: "promote", command: "tandem-sim role primary" });
    expect(p.plan.steps.every((s) => s.timeoutMs > 0)).toBe(true);
    expect(p.descriptions).toHaveLength(p.plan.steps.length);
  });

  it("keeps missing hooks as skipped steps and leaves out the balancer when there is none", () => {
    const p = planSwitchover(ctx({ hooks: { promote: "x" }, lb: false }));
    expect(p.plan.steps.map((s) => s.action)).toEqual(["hook", "hook", "hook", "verify", "set-roles"]);
    expect(p.descriptions[0]).toMatch(/skipped: the group has no check hook/);
  });

  it("refuses with every standby's reasons when none qualifies, and a dead primary", () => {
    const members = [member(1, { role: "PRIMARY" }), member(2, { lag: 120 }), member(3, { state: "DOWN", adminState: "DRAINED" })];
    expect(() => planSwitchover(ctx({ members }))).toThrow(/db-2: replication lag 120s > 30s; db-3: host is DOWN, admin state is DRAINED/);
    expect(() => planSwitchover(ctx({ members: [member(1, { role: "PRIMARY", state: "DOWN" }), member(2, {})] }))).toThrow(/use failover/);
  });
});

describe("planFailover", () => {
  it("fences first (hook, else balancer; required), then promotes, moves, verifies and records the old primary FENCED", () => {
    const p = planFailover(ctx({ members: [member(1, { role: "PRIMARY", state: "DOWN" }), member(2, {})] }));
    expect(p.plan.steps.map((s) => s.action)).toEqual(["fence", "hook", "lb-disable", "lb-enable", "verify", "set-roles"]);
    expect(p.plan.steps[0]!.params).toMatchObject({ required: true, lb: { backendServer: "db-1" }, fence: { command: "tandem-sim fence" } });
    expect(p.plan.steps.at(-1)!.params).toMatchObject({ standbyAdminState: "FENCED" });
  });
});

describe("hookCommand", () => {
  it("runs the hook as written with Tandem's values quoted as environment", () => {
    expect(hookCommand("tandem-sim check", { TANDEM_GROUP: "pg it's", TANDEM_SERVER: "db-1" })).toBe(
      `env TANDEM_GROUP='pg it'\\''s' TANDEM_SERVER='db-1' sh -c 'tandem-sim check'`,
    );
  });
  it("refuses bad variable names, control characters and empty hooks", () => {
    expect(() => hookCommand("x", { "TANDEM_A; rm": "v" })).toThrow(/name/);
    expect(() => hookCommand("x", { TANDEM_A: "a\nb" })).toThrow(/value/);
    expect(() => hookCommand("  ", {})).toThrow(/empty/);
  });
});
