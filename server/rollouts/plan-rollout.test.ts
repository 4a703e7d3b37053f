import { describe, expect, it } from "vitest";
import { plannerInput, plannerServer, planViolations, randomFleet, seededRandom, type Fleet } from "./plan-fixtures";
import { batchSize, planRollout, whyNotNow, type PlannerGroup, type PlannerInput, type PlannerServer } from "./plan-rollout";
import { ZRolloutPlan, type TBatchSize } from "./rollouts.types";

const groupId = (i: number) => `0190a3c4-0000-7000-9000-${String(i).padStart(12, "0")}`;
type GroupSpec = { name: string; mode?: PlannerGroup["mode"]; min: number; maxLagSec?: number | null; members: string };
/**
 * A small fleet from a sketch. Members are "name[:P|S|A][/D|M|F]": role primary,
 * standby or active (the mode's default), admin state drained, maintenance, fenced.
 * Every server named is a target unless `targets` says otherwise.
 */
function fleet(groups: GroupSpec[], servers: Record<string, Partial<PlannerServer>> = {}, targets?: string[]): Fleet {
  const byName = new Map<string, PlannerServer>();
  const server = (name: string) => {
    if (!byName.has(name)) byName.set(name, plannerServer(byName.size + 1, name, servers[name]));
    return byName.get(name)!;
  };
  for (const name of Object.keys(servers)) server(name);
  const ROLE = { P: "PRIMARY", S: "STANDBY", A: "ACTIVE" } as const;
  const ADMIN = { D: "DRAINED", M: "MAINTENANCE", F: "FENCED" } as const;
  const planned: PlannerGroup[] = groups.map((g, i) => {
    const mode = g.mode ?? (g.members.includes(":P") ? "ACTIVE_PASSIVE" : "ACTIVE_ACTIVE");
    const members = g.members.split(/\s+/).map((token) => {
      const [, name, role, admin] = /^([^:/]+)(?::([PSA]))?(?:\/([DMF]))?$/.exec(token)!;
      return { serverId: server(name!).id, role: role ? ROLE[role as keyof typeof ROLE] : mode === "ACTIVE_PASSIVE" ? "STANDBY" : "ACTIVE", adminState: admin ? ADMIN[admin as keyof typeof ADMIN] : "IN_SERVICE", priority: 100 } as const;
    });
    return { id: groupId(i), name: g.name, mode, minHealthy: g.min, maxLagSec: g.maxLagSec ?? null, members };
  });
  const targetIds = (targets ?? [...byName.keys()]).map((n) => server(n).id);
  return { servers: new Map([...byName.values()].map((s) => [s.id, s])), groups: planned, targetIds };
}
const standalone = (n: number) => fleet([], Object.fromEntries(Array.from({ length: n }, (_, i) => [`host-${String(i + 1).padStart(2, "0")}`, {}])));
const plan = (f: Fleet, over: Partial<PlannerInput> = {}) => planRollout(plannerInput(f, over));
const batchNames = (p: ReturnType<typeof planRollout>) => p.batches.map((b) => b.hosts.map((h) => h.name));
const reasons = (p: ReturnType<typeof planRollout>) => Object.fromEntries(p.unschedulable.map((u) => [u.name, u.reason]));

describe("batch sizes", () => {
  it.each<[TBatchSize[], number, number, number]>([
    [[1, "10%", "25%"], 0, 40, 1],
    [[1, "10%", "25%"], 1, 40, 4],
    [[1, "10%", "25%"], 2, 40, 10],
    [[1, "10%", "25%"], 7, 40, 10],
    [["33%"], 0, 10, 4],
    [["1%"], 0, 10, 1],
    [["10%"], 0, 0, 1],
    [[5], 3, 2, 5],
  ])("ramp %j, batch %i of %i hosts: %i", (ramp, index, total, size) => {
    expect(batchSize(ramp, index, total)).toBe(size);
  });

  it.each<[TBatchSize[], number[]]>([
    [[1, "10%", "25%"], [1, 4, 10, 10, 10, 5]],
    [[5], [5, 5, 5, 5, 5, 5, 5, 5]],
    [["100%"], [40]],
    [[2, 3], [2, ...Array<number>(12).fill(3), 2]],
  ])("ramp %j over 40 free hosts gives batches of %j", (ramp, sizes) => {
    const p = plan(standalone(40), { batches: ramp });
    expect(p.batches.map((b) => b.hosts.length)).toEqual(sizes);
    expect(p.batches[0]!.hosts[0]!.name).toBe("host-01");
    expect(p.scheduled).toBe(40);
  });
});

describe("redundancy", () => {
  it("a host in two pools respects both: each pool loses one member per batch", () => {
    const f = fleet([
      { name: "web-a", min: 3, members: "web-1 web-2 web-3 web-4" },
      { name: "web-b", min: 3, members: "web-3 web-4 web-5 web-6" },
    ]);
    const p = plan(f, { batches: ["100%"] });
    expect(batchNames(p)).toEqual([["web-1", "web-5"], ["web-2", "web-6"], ["web-3"], ["web-4"]]);
    expect(p.batches[2]!.groups.map((g) => [g.name, g.servingBefore, g.servingDuring, g.during])).toEqual([
      ["web-a", 4, 3, "AT_RISK"],
      ["web-b", 4, 3, "AT_RISK"],
    ]);
  });

  it.each<[string, Partial<PlannerServer>, string, string[][], Record<string, string>]>([
    ["down", { hostState: "DOWN" }, "", [["web-1"], ["web-2"], ["web-3"]], { "web-4": "host is DOWN: Tandem cannot patch what it cannot reach" }],
    ["unreachable", { hostState: "UNREACHABLE" }, "", [["web-1"], ["web-2"], ["web-3"]], { "web-4": "host is UNREACHABLE: Tandem cannot patch what it cannot reach" }],
    ["unknown", { hostState: "UNKNOWN" }, "", [["web-1"], ["web-2"], ["web-3"]], { "web-4": "host is UNKNOWN: Tandem cannot patch what it cannot reach" }],
    ["in a window", { maintenance: "rack move" }, "", [["web-1", "web-4"], ["web-2"], ["web-3"]], {}],
    ["drained", {}, "/D", [["web-1", "web-4"], ["web-2"], ["web-3"]], {}],
    ["with a critical service down", { criticalServicesDown: { [groupId(0)]: ["nginx"] } }, "", [["web-1", "web-4"], ["web-2"], ["web-3"]], {}],
  ])("a member %s does not count, and costs nothing to patch", (_, server, admin, batches, why) => {
    const p = plan(fleet([{ name: "web", min: 2, members: `web-1 web-2 web-3 web-4${admin}` }], { "web-4": server }), { batches: ["100%"] });
    expect(batchNames(p)).toEqual(batches);
    expect(reasons(p)).toEqual(why);
    expect(p.batches[0]!.groups[0]).toMatchObject({ name: "web", members: 4, minHealthy: 2, servingBefore: 3, servingDuring: 2, during: "AT_RISK" });
  });

  it.each<[string, Partial<PlannerServer>, string]>([
    ["down", { hostState: "DOWN" }, ""],
    ["in a window", { maintenance: "rack move" }, ""],
    ["drained", {}, "/D"],
    ["lagging", { lagSec: 120 }, ""],
  ])("a group at its minimum because a member is %s blocks its serving members, naming the counts", (_, server, admin) => {
    const f = fleet([{ name: "db-pair", min: 1, maxLagSec: 30, members: `db-1:P db-2:S${admin}` }], { "db-2": server }, ["db-1"]);
    const p = plan(f, { switchoverPrimaries: false });
    expect(p.batches).toEqual([]);
    expect(reasons(p)).toEqual({ "db-1": "would take db-pair below its minimum: 1 serving, minimum 1" });
    expect(p.warnings).toContain("Nothing to patch: none of the 1 targeted servers can be scheduled.");
  });

  it("does not touch the members of a broken group", () => {
    const p = plan(fleet([{ name: "web", min: 2, members: "web-1 web-2/D web-3" }], { "web-3": { hostState: "DOWN" } }, ["web-2"]));
    expect(reasons(p)).toEqual({ "web-2": "web is already BROKEN (1 serving, minimum 2): restore it before patching its members" });
  });

  it("never touches a fenced member", () => {
    const p = plan(fleet([{ name: "db-pair", min: 1, members: "db-1:P db-2:S db-3:S/F" }]));
    expect(reasons(p)["db-3"]).toBe("fenced in db-pair: Tandem never touches a fenced member");
  });
});

describe("active/passive groups", () => {
  const trio = (servers: Record<string, Partial<PlannerServer>> = {}) => fleet([{ name: "db", min: 1, maxLagSec: 30, members: "db-1:P db-2:S db-3:S" }], servers);

  it("patches the standbys first, then switches the primary over to the preferred one and patches it", () => {
    const f = trio();
    f.groups[0]!.members[2]!.priority = 200;
    const p = plan(f, { batches: ["100%"] });
    expect(batchNames(p)).toEqual([["db-2", "db-3"], ["db-1"]]);
    expect(p.batches[1]!.hosts[0]!.switchover).toMatchObject({ groupName: "db", toName: "db-3" });
    expect(p.batches[0]!.hosts.every((h) => h.switchover === null)).toBe(true);
    expect(p.batches[1]!.groups[0]).toMatchObject({ servingBefore: 3, servingDuring: 2, during: "OK" });
  });

  it("switches over to a standby that is up to date (not in the rollout itself)", () => {
    const p = plan(trio({ "db-2": { pendingUpdates: 0 }, "db-3": { hostState: "DOWN" } }));
    expect(batchNames(p)).toEqual([["db-1"]]);
    expect(p.batches[0]!.hosts[0]!.switchover).toMatchObject({ toName: "db-2" });
  });

  it("cannot patch a primary with no standby ready, and says what each standby lacks", () => {
    const p = plan(trio({ "db-2": { hostState: "DOWN" }, "db-3": { lagSec: 90 } }));
    expect(reasons(p)["db-1"]).toBe("primary of db with no standby ready to switch over to (db-2: host is DOWN; db-3: replication lag 90s > 30s)");
  });

  it("without switchover patches the primary in place, counted like any member, and warns", () => {
    const p = plan(fleet([{ name: "db-pair", min: 1, members: "db-1:P db-2:S" }]), { switchoverPrimaries: false, batches: ["100%"] });
    expect(batchNames(p)).toEqual([["db-2"], ["db-1"]]);
    expect(p.batches[1]!.hosts[0]!.switchover).toBeNull();
    expect(p.warnings).toContain("Switchover is off: 1 primaries are patched in place, their service down meanwhile: db-1.");
  });

  it("does not patch a host that is the primary of two groups: one switchover per host", () => {
    const p = plan(fleet([
      { name: "g1", min: 1, members: "x:P a:S" },
      { name: "g2", min: 1, members: "x:P b:S" },
    ]), { batches: ["100%"] });
    expect(reasons(p)).toEqual({ x: "primary of 2 groups (g1, g2): a rollout switches over one group per host; switch the others over first" });
    expect(batchNames(p)).toEqual([["a", "b"]]);
  });

  it("ends a circular wait (a primary that is the other group's standby) as unschedulable", () => {
    const p = plan(fleet([
      { name: "g1", min: 1, members: "x:P y:S a:S" },
      { name: "g2", min: 1, members: "y:P x:S b:S" },
    ]));
    expect(batchNames(p)).toEqual([["a"], ["b"]]);
    expect(reasons(p)).toEqual({ x: "circular switchover order: primary of g1 waits for a standby that waits for it", y: "circular switchover order: primary of g2 waits for a standby that waits for it" });
  });
});

describe("what to patch", () => {
  it.each<[number | null, boolean, PlannerInput["rebootPolicy"], string | null]>([
    [0, false, "if-required", "up to date: no pending updates and no reboot required"],
    [0, true, "if-required", null],
    [0, true, "never", 'only a reboot is pending, and the reboot policy is "never"'],
    [0, false, "always", null],
    [null, false, "if-required", null],
    [3, false, "never", null],
  ])("pending %s, reboot required %s, policy %s: %s", (pendingUpdates, rebootRequired, rebootPolicy, reason) => {
    const p = plan(fleet([], { h: { pendingUpdates, rebootRequired } }), { rebootPolicy });
    expect(reasons(p).h ?? null).toBe(reason);
    expect(p.scheduled).toBe(reason ? 0 : 1);
  });
});

describe("the window", () => {
  const window = { id: "0190a3c4-0000-7000-8000-0000000000ff", title: "Tuesday patching", endsAt: new Date("2030-01-08T02:00:00Z"), cutoffMs: 30 * 60_000 };
  it("places batches in time and flags those that would start after the cutoff", () => {
    const p = plan(standalone(10), { batches: [1], window, estimatedHostMs: 30 * 60_000 });
    expect(p.batches.map((b) => b.estimatedStartAt)).toContain("2030-01-08T01:30:00.000Z");
    expect(p.batches.map((b) => b.afterCutoff)).toEqual([false, false, false, false, false, false, false, false, true, true]);
    expect(p.window).toEqual({ id: window.id, title: "Tuesday patching", endsAt: "2030-01-08T02:00:00.000Z", cutoffAt: "2030-01-08T01:30:00.000Z" });
    expect(p.warnings).toContain('2 of 10 batches (2 hosts) would start after the cutoff of window "Tuesday patching" and will not run in it.');
  });
  it("without a window has no times", () => {
    const p = plan(standalone(3), { batches: [1] });
    expect(p.batches.map((b) => [b.estimatedStartAt, b.afterCutoff])).toEqual([[null, false], [null, false], [null, false]]);
    expect(p.window).toBeNull();
  });
});

describe("termination and determinism", () => {
  it("a pool that can lose one member at a time gets one batch per member, however big the batches", () => {
    const members = Array.from({ length: 30 }, (_, i) => `w-${String(i).padStart(2, "0")}`);
    const p = plan(fleet([{ name: "pool", min: 29, members: members.join(" ") }]), { batches: [1000] });
    expect(p.batches.map((b) => b.hosts.length)).toEqual(Array<number>(30).fill(1));
    expect(p.warnings).toEqual([]);
  });

  it("warns of a group at its minimum for the whole rollout", () => {
    const p = plan(fleet([{ name: "web", min: 2, members: "web-1 web-2 web-3/D" }], {}, ["web-3"]));
    expect(batchNames(p)).toEqual([["web-3"]]);
    expect(p.warnings).toContain("AT_RISK for the whole rollout (serving exactly their minimum): web. One more failure during it is an outage.");
  });

  it("gives the same plan for the same fleet, whatever the order of the targets", () => {
    const f = randomFleet({ servers: 300, groups: 70, seed: 7 });
    const first = plan(f, { batches: [1, "10%"] });
    const shuffled = [...f.targetIds].reverse();
    expect(plan({ ...f, targetIds: shuffled }, { batches: [1, "10%"] })).toEqual(first);
  });

  it("holds on random fleets: no batch breaks a group, every target is placed once or said why not", () => {
    const rnd = seededRandom(2024);
    const ramps: TBatchSize[][] = [[1], [1, "10%", "25%"], ["50%"], [3, 7], ["100%"]];
    for (let seed = 1; seed <= 300; seed++) {
      const f = randomFleet({ servers: 20 + Math.floor(rnd() * 80), groups: 5 + Math.floor(rnd() * 20), seed });
      const targetIds = f.targetIds.filter(() => rnd() < 0.8);
      const input = plannerInput({ ...f, targetIds }, { batches: ramps[seed % ramps.length]!, switchoverPrimaries: rnd() < 0.7, rebootPolicy: rnd() < 0.2 ? "always" : "if-required" });
      const p = planRollout(input);
      expect(planViolations(input, p), `seed ${seed}`).toEqual([]);
      expect(ZRolloutPlan.safeParse({ ...p, planMs: 0 }).success).toBe(true);
    }
  });
});

describe("the runner's guard", () => {
  const f = fleet([
    { name: "db-pair", min: 1, members: "db-1:P db-2:S" },
    { name: "web", min: 2, members: "web-1 web-2 web-3 db-2" },
  ], { "web-3": { hostState: "UNREACHABLE" } });
  const id = (name: string) => [...f.servers.values()].find((s) => s.name === name)!.id;
  it.each<[string, string[], string | null]>([
    ["db-2", [], null],
    ["db-1", ["db-2"], "would take db-pair below its minimum: 1 serving, minimum 1"],
    ["web-1", ["web-2"], "would take web below its minimum: 2 serving, minimum 2"],
    ["web-1", [], null],
    ["db-2", ["web-1"], "would take web below its minimum: 2 serving, minimum 2"],
    ["web-3", [], "host is UNREACHABLE: Tandem cannot patch what it cannot reach"],
  ])("%s with %j out: %s", (host, out, reason) => {
    expect(whyNotNow(id(host), f.groups, f.servers, new Set(out.map(id)))).toBe(reason);
  });
});
