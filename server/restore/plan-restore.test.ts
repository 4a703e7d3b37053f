import { describe, expect, it } from "vitest";
import { id, member, planContext } from "../failover/plan-fixtures";
import type { TGroup } from "../groups/groups.types";
import { planRestore, type RestoreContext } from "./plan-restore";

const HV = { id: id(9), name: "hv-1" };
const AMS = { id: "0190a3c4-0000-7000-8000-0000000000a1", name: "ams1" };
const LON = { id: "0190a3c4-0000-7000-8000-0000000000a2", name: "lon1" };
const SETTING: TGroup["restore"] = { provision: { serverId: HV.id, command: "clone-vm", timeoutSeconds: 120 }, join: { command: "make-standby", timeoutSeconds: 600 }, afterMinutes: null };

function ctx(o: { unavailable?: string[]; restore?: TGroup["restore"]; taken?: string[]; credentialId?: string | null; mode?: TGroup["mode"] } = {}): RestoreContext {
  const members = [member(1, { role: "PRIMARY", lag: null, site: AMS }), member(2, { site: LON }), member(3, { priority: 50, site: AMS })];
  const group = planContext({ members, restore: o.restore ?? SETTING }).group;
  const unavailable = (o.unavailable ?? []).map((name) => ({ name, why: "down" }));
  const state = unavailable.length ? "AT_RISK" : "OK";
  return {
    group: { ...group, mode: o.mode ?? group.mode, redundancy: { ...group.redundancy, state, inService: 3 - unavailable.length, unavailable } },
    provisionServer: o.restore && !o.restore.provision ? null : HV,
    reference: { serverId: members[0]!.serverId, name: "db-1", address: "10.0.0.1", credentialId: o.credentialId === undefined ? id(6) : o.credentialId },
    takenNames: new Set(o.taken ?? []),
  };
}

describe("a restore's plan", () => {
  it("provisions where the group lost its member, registers, gates, joins, adds below the standbys and verifies", () => {
    const p = planRestore(ctx({ unavailable: ["db-2"] }));
    expect(p.plan.steps.map((s) => s.action)).toEqual(["restore-provision", "restore-register", "restore-await-healthy", "restore-join", "restore-add-member", "restore-verify"]);
    const [provision, register, , join, add, verify] = p.plan.steps;
    expect(provision).toMatchObject({ serverId: HV.id, timeoutMs: 120_000, params: { command: "clone-vm", env: { TANDEM_GROUP: "pg it's", TANDEM_SITE: "lon1", TANDEM_NAME_HINT: "pg-it-s-r1" } } });
    expect(register).toMatchObject({ params: { credentialId: id(6), templateServerId: id(6), siteId: LON.id }, rollback: { action: "restore-unregister" } });
    expect(join).toMatchObject({ timeoutMs: 600_000, params: { command: "make-standby", env: { TANDEM_PRIMARY: "db-1", TANDEM_PRIMARY_ADDRESS: "10.0.0.1" } } });
    expect(add).toMatchObject({ params: { role: "STANDBY", priority: 40, lbBackend: false }, rollback: { action: "restore-remove-member" } });
    expect(verify).toMatchObject({ onFailure: "stop" });
    expect(p.meta).toEqual({ lost: { serverId: id(6), name: "db-2" }, site: "lon1", nameHint: "pg-it-s-r1", provisionOn: "hv-1" });
    expect(p.descriptions[0]).toBe("provision hook on hv-1: a new server for pg it's in lon1 (replacing db-2)");
  });

  it.each<[string, Parameters<typeof ctx>[0], { site: string | null; lost: string | null }]>([
    ["a lost standby before a lost primary", { unavailable: ["db-1", "db-3"] }, { site: "ams1", lost: "db-3" }],
    ["the lost primary when no standby is lost", { unavailable: ["db-1"] }, { site: "ams1", lost: "db-1" }],
  ])("replaces %s", (_what, o, want) => {
    const p = planRestore(ctx(o));
    expect({ site: p.meta.site, lost: p.meta.lost?.name ?? null }).toEqual(want);
  });

  it("on an OK group asked with force, places the new server beside the primary", () => {
    const p = planRestore(ctx(), { force: true });
    expect(p.meta).toMatchObject({ lost: null, site: "ams1" });
    expect(p.plan.steps[1]!.params).toMatchObject({ templateServerId: id(5), siteId: AMS.id });
  });

  it("skips the join step without a join hook, and takes the first free name", () => {
    const p = planRestore(ctx({ unavailable: ["db-2"], restore: { provision: SETTING.provision, afterMinutes: null }, taken: ["pg-it-s-r1", "pg-it-s-r2"] }));
    expect(p.plan.steps.map((s) => s.action)).not.toContain("restore-join");
    expect(p.meta.nameHint).toBe("pg-it-s-r3");
  });

  it("adds an active member behind the balancer in a pool", () => {
    const c = ctx({ unavailable: ["db-2"], mode: "ACTIVE_ACTIVE" });
    c.group.loadBalancer = { id: id(4), name: "lb", kind: "HAPROXY" };
    expect(planRestore(c).plan.steps.find((s) => s.action === "restore-add-member")!.params).toMatchObject({ role: "ACTIVE", lbBackend: true });
  });

  it.each<[string, Parameters<typeof ctx>[0], RegExp]>([
    ["without a provision hook", { unavailable: ["db-2"], restore: { afterMinutes: null } }, /has no provision hook/],
    ["when the group is OK", {}, /is OK \(3 in service, 1 needed\): nothing to restore; ask with force/],
    ["when the primary has no credential to lend", { unavailable: ["db-2"], credentialId: null }, /db-1 has no credential/],
  ])("is refused %s (409)", (_what, o, why) => {
    expect(() => planRestore(ctx(o))).toThrow(why);
    try {
      planRestore(ctx(o));
    } catch (e) {
      expect((e as { status: number }).status).toBe(409);
    }
  });
});
