// Evacuation and return planning per group, as table tests.
import { describe, expect, it } from "vitest";
import type { TGroup, TGroupMember } from "../groups/groups.types";
import { assemblePreview, judgeEvacuation, judgeReturn } from "./plan-evacuation";

const uuid = (n: number) => `0190a3c4-0000-7000-8000-${String(n).padStart(12, "0")}`;
const FRA = { id: uuid(901), name: "fra" };
const LON = { id: uuid(902), name: "lon" };
let n = 0;
const m = (name: string, site: typeof FRA, role: TGroupMember["role"], o: Partial<TGroupMember> = {}): TGroupMember => ({
  id: uuid(++n),
  serverId: uuid(100 + n),
  name,
  site,
  role,
  priority: 100,
  adminState: "IN_SERVICE",
  lbBackendServer: null,
  state: "UP",
  health: "UP",
  stateSince: 0,
  stateReason: null,
  lag: role === "STANDBY" ? 1 : null,
  maintenance: null,
  criticalServicesDown: [],
  ...o,
});
const g = (name: string, mode: TGroup["mode"], members: TGroupMember[], o: Partial<TGroup> = {}): TGroup =>
  ({ id: uuid(500 + ++n), name, description: "", mode, minHealthy: 1, failoverPolicy: "MANUAL", detectionThreshold: 3, cooldownSeconds: 60, maxReplicationLagSeconds: 30, requireFencing: true, hooks: {}, criticalServices: [], fencingLevels: [], loadBalancer: null, members, redundancy: { state: "OK", inService: members.length, minHealthy: 1, unavailable: [], drCovered: true }, createdAt: "", updatedAt: "", ...o }) as TGroup;

const summaryOf = (j: ReturnType<typeof judgeEvacuation>) => (j === null ? null : "notMoving" in j ? `stays: ${j.notMoving}` : `${j.group.action} ready=${j.group.ready}: ${j.group.summary}`);

describe("judgeEvacuation", () => {
  it.each([
    { name: "live primary: switchover to the standby elsewhere", group: g("pg", "ACTIVE_PASSIVE", [m("a", FRA, "PRIMARY"), m("b", FRA, "STANDBY"), m("dr", LON, "STANDBY")]), want: "SWITCHOVER ready=true: switch over a → dr (lon)" },
    { name: "dead primary: failover", group: g("pg", "ACTIVE_PASSIVE", [m("a", FRA, "PRIMARY", { health: "DOWN", state: "DOWN" }), m("dr", LON, "STANDBY")]), want: "FAILOVER ready=true: fail over a → dr (lon)" },
    { name: "crashed service counts as dead", group: g("pg", "ACTIVE_PASSIVE", [m("a", FRA, "PRIMARY", { criticalServicesDown: ["postgresql"] }), m("dr", LON, "STANDBY")]), want: "FAILOVER ready=true: fail over a → dr (lon)" },
    { name: "the standby elsewhere lags: not ready", group: g("pg", "ACTIVE_PASSIVE", [m("a", FRA, "PRIMARY"), m("dr", LON, "STANDBY", { lag: 99 })]), want: "SWITCHOVER ready=false: cannot move: dr: replication lag 99s > 30s" },
    { name: "no standby elsewhere", group: g("pg", "ACTIVE_PASSIVE", [m("a", FRA, "PRIMARY"), m("b", FRA, "STANDBY")]), want: "stays: no standby outside fra: it cannot move (restore redundancy in another site first)" },
    { name: "primary elsewhere already", group: g("pg", "ACTIVE_PASSIVE", [m("a", LON, "PRIMARY"), m("b", FRA, "STANDBY")]), want: "stays: its primary a is in lon: it stays; it loses b in fra" },
    { name: "nothing in the site", group: g("pg", "ACTIVE_PASSIVE", [m("a", LON, "PRIMARY"), m("b", LON, "STANDBY")]), want: null },
    { name: "a pool in both sites drains its fra members", group: g("web", "ACTIVE_ACTIVE", [m("w1", FRA, "ACTIVE"), m("w2", LON, "ACTIVE")]), want: "DRAIN ready=true: drain w1; 1 member(s) keep serving elsewhere" },
    { name: "a pool too thin elsewhere", group: g("web", "ACTIVE_ACTIVE", [m("w1", FRA, "ACTIVE"), m("w2", LON, "ACTIVE", { health: "DOWN", state: "DOWN" })]), want: "DRAIN ready=false: drain w1; 0 member(s) keep serving elsewhere" },
    { name: "a pool all in the site", group: g("web", "ACTIVE_ACTIVE", [m("w1", FRA, "ACTIVE"), m("w2", FRA, "ACTIVE")]), want: "stays: every member is in fra: it cannot move (restore redundancy in another site first)" },
  ])("$name", ({ group, want }) => {
    expect(summaryOf(judgeEvacuation(group, FRA, false))).toBe(want);
  });

  it("a group with an operation running is not ready, and a dry run plans checks only", () => {
    const group = g("pg", "ACTIVE_PASSIVE", [m("a", FRA, "PRIMARY"), m("dr", LON, "STANDBY")]);
    const busy = judgeEvacuation(group, FRA, true);
    expect(busy && "group" in busy && busy.group.checks.find((c) => !c.ok)?.check).toBe("no other operation on the group");
    expect(summaryOf(judgeEvacuation(group, FRA, false, true))).toBe("DRY_RUN ready=true: dry run: switch over a → dr (lon)");
  });
});

describe("judgeReturn", () => {
  const row = (from: TGroupMember, action = "SWITCHOVER") => ({ groupId: uuid(1), stage: 0, action, state: "SUCCEEDED", fromServerId: from.serverId, toServerId: null });
  it.each([
    (() => {
      const a = m("a", FRA, "STANDBY");
      return { name: "switch back to the original primary", group: g("pg", "ACTIVE_PASSIVE", [a, m("dr", LON, "PRIMARY")]), moved: row(a), want: "SWITCHOVER ready=true: switch over dr → a (fra)" };
    })(),
    (() => {
      const a = m("a", FRA, "STANDBY", { adminState: "FENCED" });
      return { name: "a failed-over primary is rejoined first", group: g("pg", "ACTIVE_PASSIVE", [a, m("dr", LON, "PRIMARY")]), moved: row(a, "FAILOVER"), want: "REJOIN_SWITCHOVER ready=true: rejoin a, then switch over dr → a (fra)" };
    })(),
    (() => {
      const a = m("a", FRA, "STANDBY", { adminState: "FENCED", health: "DOWN", state: "DOWN" });
      return { name: "not while it is down", group: g("pg", "ACTIVE_PASSIVE", [a, m("dr", LON, "PRIMARY")]), moved: row(a, "FAILOVER"), want: "REJOIN_SWITCHOVER ready=false: rejoin a, then switch over dr → a (fra)" };
    })(),
    (() => {
      const a = m("a", FRA, "PRIMARY");
      return { name: "already back", group: g("pg", "ACTIVE_PASSIVE", [a, m("dr", LON, "STANDBY")]), moved: row(a), want: "stays: a is its primary already" };
    })(),
    { name: "a drained pool member back in rotation", group: g("web", "ACTIVE_ACTIVE", [m("w1", FRA, "ACTIVE", { adminState: "DRAINED" }), m("w2", LON, "ACTIVE")]), moved: { groupId: uuid(1), stage: 0, action: "DRAIN", state: "SUCCEEDED", fromServerId: null, toServerId: null }, want: "ENABLE ready=true: put w1 back in rotation" },
  ])("$name", ({ group, moved, want }) => {
    expect(summaryOf(judgeReturn(group, FRA, moved, false))).toBe(want);
  });
});

describe("assemblePreview", () => {
  it("keeps the plan's stage order, lists what stays, and is ready only when every group is", () => {
    const pg = g("pg", "ACTIVE_PASSIVE", [m("a", FRA, "PRIMARY"), m("dr", LON, "STANDBY")]);
    const web = g("web", "ACTIVE_ACTIVE", [m("w1", FRA, "ACTIVE"), m("w2", FRA, "ACTIVE")]);
    const pool = g("pool", "ACTIVE_ACTIVE", [m("p1", FRA, "ACTIVE"), m("p2", LON, "ACTIVE")]);
    const groups = new Map([pg, web, pool].map((x) => [x.id, x]));
    const p = assemblePreview("EVACUATION", FRA, [{ name: "db", groupIds: [pg.id], pre: null, post: null }, { name: "front", groupIds: [web.id, pool.id], pre: null, post: null }], groups, (x) => judgeEvacuation(x, FRA, false), { parallelism: 4 });
    expect(p.stages.map((s) => `${s.name}: ${s.groups.map((x) => `${x.name}@${x.stage}`).join(",")}`)).toEqual(["db: pg@0", "front: pool@1"]);
    expect(p.notMoving.map((x) => x.name)).toEqual(["web"]);
    expect(p).toMatchObject({ ready: true, blockers: [] });
    const none = assemblePreview("EVACUATION", FRA, [{ name: "front", groupIds: [web.id], pre: null, post: null }], groups, (x) => judgeEvacuation(x, FRA, false), { parallelism: 4 });
    expect(none).toMatchObject({ ready: false, blockers: ["nothing in fra can move"] });
  });
});
