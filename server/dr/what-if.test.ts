// What-if as table tests: two sites (fra, lon), a database pair with a DR copy
// in lon fenced by fra's hypervisor, a pair with no copy elsewhere, a web pool
// in fra that depends on the first database, a pool spread over both sites.
import { describe, expect, it } from "vitest";
import type { TGroup, TGroupMember } from "../groups/groups.types";
import { whatIf, type Loss, type WhatIfFleet } from "./what-if";

const uuid = (n: number) => `0190a3c4-0000-7000-8000-${String(n).padStart(12, "0")}`;
const FRA = uuid(901);
const LON = uuid(902);
const site = (id: string) => ({ id, name: id === FRA ? "fra" : "lon" });
let serial = 0;
const servers = new Map<string, { id: string; site: string }>();
function m(name: string, siteId: string, role: TGroupMember["role"], o: Partial<TGroupMember> = {}): TGroupMember {
  const serverId = servers.get(name)?.id ?? uuid(++serial);
  servers.set(name, { id: serverId, site: siteId });
  return { id: uuid(500 + serial), serverId, name, site: site(siteId), role, priority: 100, adminState: "IN_SERVICE", lbBackendServer: null, state: "UP", health: "UP", stateSince: 0, stateReason: null, lag: role === "STANDBY" ? 0.5 : null, maintenance: null, criticalServicesDown: [], ...o };
}
function group(n: number, name: string, mode: TGroup["mode"], members: TGroupMember[], o: Partial<TGroup> = {}): TGroup {
  return {
    id: uuid(100 + n),
    name,
    description: "",
    mode,
    minHealthy: 1,
    failoverPolicy: "AUTOMATIC",
    detectionThreshold: 3,
    cooldownSeconds: 60,
    maxReplicationLagSeconds: 30,
    requireFencing: true,
    hooks: {},
    criticalServices: [],
    fencingLevels: [],
    loadBalancer: null,
    members,
    redundancy: { state: members.length >= 2 ? "OK" : "AT_RISK", inService: members.length, minHealthy: 1, unavailable: [], drCovered: new Set(members.map((x) => x.site?.id)).size > 1 },
    createdAt: "",
    updatedAt: "",
    ...o,
  } as TGroup;
}

const pg = group(1, "pg", "ACTIVE_PASSIVE", [m("db-a", FRA, "PRIMARY"), m("db-b", FRA, "STANDBY"), m("db-dr", LON, "STANDBY", { priority: 50, lag: 2 })]);
const pgLocal = group(2, "pg-local", "ACTIVE_PASSIVE", [m("db2-a", FRA, "PRIMARY"), m("db2-b", FRA, "STANDBY")]);
const web = group(3, "web", "ACTIVE_ACTIVE", [m("web-1", FRA, "ACTIVE"), m("web-2", FRA, "ACTIVE")]);
const spread = group(4, "spread", "ACTIVE_ACTIVE", [m("app-1", FRA, "ACTIVE"), m("app-2", LON, "ACTIVE")]);
const lonDb = group(5, "pg-lon", "ACTIVE_PASSIVE", [m("db3-a", LON, "PRIMARY"), m("db3-b", FRA, "STANDBY")], { requireFencing: false });
const hv = uuid(990);
servers.set("hv-fra", { id: hv, site: FRA });
const hvLon = uuid(991);
servers.set("hv-lon", { id: hvLon, site: LON });

function fleet(o: Partial<WhatIfFleet> = {}): WhatIfFleet {
  const byName = (n: string) => servers.get(n)!.id;
  return {
    groups: [pg, pgLocal, web, spread, lonDb],
    dependencies: new Map([[web.id, [pg.id]]]),
    fencers: new Map([
      [byName("db-a"), [{ deviceId: uuid(980), device: "hv-fra", serverId: hv, serverName: "hv-fra" }]],
      [byName("db2-a"), [{ deviceId: uuid(980), device: "hv-fra", serverId: hv, serverName: "hv-fra" }]],
    ]),
    balancerHost: new Map(),
    serverSite: new Map([...servers.values()].map((s) => [s.id, s.site])),
    siteNames: new Map([
      [FRA, "fra"],
      [LON, "lon"],
    ]),
    serverNames: new Map([...servers].map(([n, s]) => [s.id, n])),
    ...o,
  };
}
const loss = (o: { sites?: string[]; servers?: string[]; groups?: string[] }): Loss => ({ siteIds: new Set(o.sites ?? []), serverIds: new Set((o.servers ?? []).map((n) => servers.get(n)!.id)), groupIds: new Set(o.groups ?? []) });
const row = (r: ReturnType<typeof whatIf>, name: string) => r.groups.find((g) => g.name === name)!;
const brief = (r: ReturnType<typeof whatIf>, name: string) => {
  const g = row(r, name);
  return { before: g.before.state, after: g.after.state, action: g.action, recoverable: g.recoverable, candidate: g.candidate?.name ?? null };
};

describe("what-if", () => {
  it.each([
    { lose: { servers: ["db-a"] }, group: "pg", want: { before: "OK", after: "OK", action: "failover", recoverable: true, candidate: "db-b" } },
    { lose: { servers: ["db-b"] }, group: "pg", want: { before: "OK", after: "OK", action: "none", recoverable: true, candidate: null } },
    { lose: { servers: ["db-a", "db-b"] }, group: "pg", want: { before: "OK", after: "AT_RISK", action: "failover", recoverable: true, candidate: "db-dr" } },
    { lose: { sites: [FRA] }, group: "pg", want: { before: "OK", after: "AT_RISK", action: "failover", recoverable: true, candidate: "db-dr" } },
    { lose: { sites: [FRA] }, group: "pg-local", want: { before: "OK", after: "BROKEN", action: "lost", recoverable: false, candidate: null } },
    { lose: { sites: [FRA] }, group: "spread", want: { before: "OK", after: "AT_RISK", action: "drain", recoverable: true, candidate: null } },
    { lose: { sites: [FRA] }, group: "pg-lon", want: { before: "OK", after: "AT_RISK", action: "none", recoverable: true, candidate: null } },
    { lose: { sites: [LON] }, group: "pg-lon", want: { before: "OK", after: "AT_RISK", action: "failover", recoverable: true, candidate: "db3-b" } },
    { lose: { groups: [pg.id] }, group: "pg", want: { before: "OK", after: "BROKEN", action: "lost", recoverable: false, candidate: null } },
  ])("lose $lose: $group", ({ lose, group: name, want }) => {
    expect(brief(whatIf(fleet(), loss(lose)), name)).toEqual(want);
  });

  it("says how the lost primary would be fenced, and when nothing can (its fence device lost with the site)", () => {
    const one = row(whatIf(fleet(), loss({ servers: ["db-a"] })), "pg");
    expect(one.fencing).toEqual({ available: true, via: "fence device hv-fra on hv-fra", required: true });
    const site = row(whatIf(fleet(), loss({ sites: [FRA] })), "pg");
    expect(site.fencing).toEqual({ available: false, via: null, required: true });
    expect(site.notes.join(" ")).toMatch(/no fencing path survives.*until someone confirms db-a is off/);
    expect(site.notes.join(" ")).toMatch(/db-dr lags 2 s/);
    expect(site.summary).toBe("fails over to db-dr (lon); confirm db-a is off: nothing can fence it");
  });

  it("takes a group down with a dependency that cannot come back, and says which", () => {
    const r = whatIf(fleet({ dependencies: new Map([[spread.id, [pgLocal.id]]]) }), loss({ sites: [FRA] }));
    expect(row(r, "spread")).toMatchObject({ recoverable: false, dependsOnLost: ["pg-local"] });
    expect(row(r, "spread").notes).toContain("depends on pg-local, which cannot be recovered");
    // web depends on pg, which fails over: web's own members are all in fra, so web is lost on its own account.
    expect(row(r, "web")).toMatchObject({ action: "lost", recoverable: false, dependsOnLost: [] });
  });

  it("lists the affected first, the unrecoverable before the rest, and counts them", () => {
    const r = whatIf(fleet(), loss({ sites: [FRA] }));
    expect(r.groups.map((g) => g.name)).toEqual(["pg-local", "web", "pg", "pg-lon", "spread"]);
    expect(r.totals).toEqual({ groups: 5, affected: 5, broken: 2, atRisk: 3, unrecoverable: 2, needFailover: 1 });
    expect(r.lost.sites).toEqual([{ id: FRA, name: "fra" }]);
    const none = whatIf(fleet(), loss({ servers: ["web-1"] }));
    expect(none.totals.affected).toBe(1);
    expect(row(none, "web")).toMatchObject({ action: "drain", after: { state: "AT_RISK", inService: 1 } });
  });
});
