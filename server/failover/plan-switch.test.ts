import { describe, expect, it } from "vitest";
import { id, member, planContext } from "./plan-fixtures";
import { planFailover } from "./plan-failover";
import { planSwitchover } from "./plan-switchover";
import { hookCommand, remoteScript } from "./run-hook";

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
  it("fences first (levels: hook skipped on a dead host, no device, then the balancer; required), then promotes, moves, verifies and records the old primary FENCED", () => {
    const p = planFailover(ctx({ members: [member(1, { role: "PRIMARY", state: "DOWN" }), member(2, {})] }));
    expect(p.plan.steps.map((s) => s.action)).toEqual(["fence", "hook", "lb-disable", "lb-enable", "verify", "set-roles"]);
    expect(p.plan.steps[0]!.params).toMatchObject({
      required: true,
      levels: [
        { kind: "hook", skipped: expect.stringMatching(/db-1 does not answer \(DOWN\)/) },
        { kind: "device", skipped: "no fence device can power db-1 off" },
        { kind: "lb", target: { kind: "HAPROXY", backendServer: "db-1" } },
      ],
    });
    expect(p.descriptions[0]).toMatch(/fence db-1 \(isolation at HAProxy 127.0.0.1:9999 pg\/db-1; required\)/);
    expect(p.plan.steps.at(-1)!.params).toMatchObject({ standbyAdminState: "FENCED" });
  });

  it("fences a crashed service's live host with its hook first, then the device out of band", () => {
    const device = { id: id(9), name: "hv-1", fencingServerId: id(8), fencingServerName: "hv-1", plug: "db-1", actionCommand: "virsh destroy \"$TANDEM_PLUG\"", statusCommand: "virsh domstate \"$TANDEM_PLUG\"", offPattern: "shut off", timeoutSeconds: 20 };
    const members = [member(1, { role: "PRIMARY", state: "DEGRADED", criticalServicesDown: ["postgresql"] }), member(2, {})];
    const p = planFailover(ctx({ members, lb: false, fenceDevices: new Map([[id(5), [device]]]) }));
    expect(p.plan.steps[0]!.params).toMatchObject({
      levels: [
        { kind: "hook", command: "tandem-sim fence", serverName: "db-1" },
        { kind: "device", deviceName: "hv-1", fencingServerId: id(8), plug: "db-1", offPattern: "shut off", timeoutMs: 20_000 },
        { kind: "lb", skipped: expect.any(String) },
      ],
    });
    expect(p.plan.steps[0]!.timeoutMs).toBeGreaterThan(50_000);
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

describe("remoteScript", () => {
  it("exports Tandem's variables and the secrets on stdin, then the command, so no secret is on a command line", () => {
    expect(remoteScript('ipmitool -H "$TANDEM_PLUG" -E chassis power off', { TANDEM_PLUG: "10.0.0.9", IPMI_USER: "admin" }, { IPMI_PASSWORD: "p'ss\nword" })).toBe(
      `export TANDEM_PLUG='10.0.0.9'\nexport IPMI_USER='admin'\nexport IPMI_PASSWORD='p'\\''ss\nword'\nipmitool -H "$TANDEM_PLUG" -E chassis power off\n`,
    );
  });
  it("refuses names a shell would misread, NUL, and secrets posing as Tandem's variables", () => {
    expect(() => remoteScript("x", { "A; rm": "v" }, {})).toThrow(/name/);
    expect(() => remoteScript("x", {}, { TANDEM_PLUG: "v" })).toThrow(/secret variable name/);
    expect(() => remoteScript("x", {}, { KEY: "a\0b" })).toThrow(/value/);
    expect(() => remoteScript(" ", {}, {})).toThrow(/empty/);
  });
});
