import { describe, expect, it } from "vitest";
import { addMember, emptyGroupValues, removeMember, setMemberRole, setMode, splitMemberProblems, toGroupRequest, valuesFromGroup, type TGroupFormValues } from "./group-form-model";
import type { TGroup } from "./types";

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";
const C = "33333333-3333-4333-8333-333333333333";

function withMembers(...ids: string[]): TGroupFormValues {
  return ids.reduce((v, id, i) => addMember(v, { id, name: `db${i + 1}` }), { ...emptyGroupValues(), name: "orders-db" });
}

describe("toGroupRequest", () => {
  it("maps the defaults and members to a valid request", () => {
    const v = withMembers(A, B);
    v.hooks.promote = "  pg_ctl promote ";
    v.members[1]!.lbBackendServer = " db2 ";
    const { body, problems } = toGroupRequest(v);
    expect(problems).toEqual({});
    expect(body).toEqual({
      name: "orders-db",
      description: "",
      mode: "ACTIVE_PASSIVE",
      minHealthy: 1,
      failoverPolicy: "MANUAL",
      detectionThreshold: 3,
      cooldownSeconds: 600,
      maxReplicationLagSeconds: null,
      requireFencing: true,
      criticalServices: [],
      fencingLevels: [],
      hooks: { promote: "  pg_ctl promote " },
      restore: { afterMinutes: null },
      loadBalancerId: null,
      members: [
        { serverId: A, role: "PRIMARY", priority: 100, lbBackendServer: null },
        { serverId: B, role: "STANDBY", priority: 100, lbBackendServer: "db2" },
      ],
    });
  });

  it("reports problems with the server's paths", () => {
    const v = { ...withMembers(A, B), name: " ", minHealthy: "3", detectionThreshold: "", cooldownSeconds: "1.5", maxReplicationLagSeconds: "x", loadBalancerId: "nope" };
    v.members[1] = { ...v.members[1]!, role: "PRIMARY", priority: "2000", lbBackendServer: "bad name" };
    const { problems } = toGroupRequest(v);
    expect(Object.keys(problems).sort()).toEqual(
      ["name", "minHealthy", "detectionThreshold", "cooldownSeconds", "maxReplicationLagSeconds", "loadBalancerId", "members.1.role", "members.1.priority", "members.1.lbBackendServer"].sort(),
    );
    expect(problems.minHealthy).toBe("must be at most the number of members (2)");
    expect(problems.detectionThreshold).toBe("is required");
    expect(problems["members.1.role"]).toMatch(/second PRIMARY/);
  });

  it("requires a member and a primary", () => {
    expect(toGroupRequest({ ...emptyGroupValues(), name: "x" }).problems.members).toBe("must list at least one member");
    const v = setMemberRole(withMembers(A), A, "STANDBY");
    expect(toGroupRequest(v).problems.members).toMatch(/exactly one PRIMARY/);
  });
});

describe("member editing", () => {
  it("keeps exactly one primary in active-passive", () => {
    let v = withMembers(A, B, C);
    expect(v.members.map((m) => m.role)).toEqual(["PRIMARY", "STANDBY", "STANDBY"]);
    v = setMemberRole(v, C, "PRIMARY");
    expect(v.members.map((m) => m.role)).toEqual(["STANDBY", "STANDBY", "PRIMARY"]);
    v = removeMember(v, C);
    expect(v.members.map((m) => m.role)).toEqual(["PRIMARY", "STANDBY"]);
    expect(addMember(v, { id: A, name: "db1" })).toBe(v);
  });

  it("rewrites roles when the mode changes", () => {
    const aa = setMode(setMemberRole(withMembers(A, B), B, "PRIMARY"), "ACTIVE_ACTIVE");
    expect(aa.members.map((m) => m.role)).toEqual(["ACTIVE", "ACTIVE"]);
    expect(addMember(aa, { id: C, name: "db3" }).members[2]!.role).toBe("ACTIVE");
    expect(setMode(aa, "ACTIVE_PASSIVE").members.map((m) => m.role)).toEqual(["PRIMARY", "STANDBY"]);
  });
});

describe("valuesFromGroup", () => {
  it("round-trips a group into the same request", () => {
    const g = {
      id: C,
      name: "web",
      description: "front",
      mode: "ACTIVE_ACTIVE",
      minHealthy: 1,
      failoverPolicy: "AUTOMATIC",
      detectionThreshold: 5,
      cooldownSeconds: 60,
      maxReplicationLagSeconds: 2.5,
      requireFencing: false,
      hooks: { check: "curl -f localhost" },
      criticalServices: [{ name: "nginx", port: 80 }],
      fencingLevels: [{ kind: "lb" }, { kind: "device", deviceId: A }],
      restore: { provision: { serverId: A, command: "clone-vm", timeoutSeconds: 120 }, afterMinutes: 15 },
      loadBalancer: { id: C, name: "lb", kind: "HAPROXY" },
      members: [
        { serverId: A, name: "web1", role: "ACTIVE", priority: 10, lbBackendServer: "web1" },
        { serverId: B, name: "web2", role: "ACTIVE", priority: 50, lbBackendServer: null },
      ],
    } as unknown as TGroup;
    const { body, problems } = toGroupRequest(valuesFromGroup(g));
    expect(problems).toEqual({});
    expect(body).toMatchObject({ name: "web", description: "front", mode: "ACTIVE_ACTIVE", failoverPolicy: "AUTOMATIC", detectionThreshold: 5, cooldownSeconds: 60, maxReplicationLagSeconds: 2.5, requireFencing: false, hooks: { check: "curl -f localhost" }, loadBalancerId: C });
    expect(body.criticalServices).toEqual([{ name: "nginx", port: 80 }]);
    expect(body.fencingLevels).toEqual([{ kind: "lb" }, { kind: "device", deviceId: A }]);
    expect(body.restore).toEqual({ provision: { serverId: A, command: "clone-vm", timeoutSeconds: 120 }, afterMinutes: 15 });
    // Highest priority first, as the editor lists them.
    expect(body.members).toEqual([
      { serverId: B, role: "ACTIVE", priority: 50, lbBackendServer: null },
      { serverId: A, role: "ACTIVE", priority: 10, lbBackendServer: "web1" },
    ]);
  });
});

describe("splitMemberProblems", () => {
  it("moves indexed member errors to the rows submitted at those indexes", () => {
    const { fields, rows } = splitMemberProblems({ name: "is already taken", members: "must have exactly one PRIMARY (none given)", "members.1.role": "r", "members.0": "whole", "members.7.role": "stale" }, [A, B]);
    expect(fields).toEqual({ name: "is already taken", members: "must have exactly one PRIMARY (none given)", "members.7.role": "stale" });
    expect(rows).toEqual({ [B]: { role: "r" }, [A]: { serverId: "whole" } });
  });
});

describe("critical services and fencing levels as typed", () => {
  it("reads name:port pairs and levels in order, and names what it cannot read", () => {
    const v = { ...withMembers(A, B), criticalServices: "postgresql:5432, pgbouncer:6432", fencingLevels: "device, lb" };
    const { body, problems } = toGroupRequest(v);
    expect(problems).toEqual({});
    expect(body.criticalServices).toEqual([{ name: "postgresql", port: 5432 }, { name: "pgbouncer", port: 6432 }]);
    expect(body.fencingLevels).toEqual([{ kind: "device" }, { kind: "lb" }]);
    const bad = toGroupRequest({ ...withMembers(A, B), criticalServices: "postgresql", fencingLevels: "stonith" });
    expect(bad.problems).toMatchObject({ criticalServices: '"postgresql" is not name:port, e.g. postgresql:5432', fencingLevels: '"stonith" is not a level: use hook, device, device:<id> or lb' });
  });
});
