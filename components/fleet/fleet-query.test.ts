import { describe, expect, it } from "vitest";
import type { TFleetHost } from "@/server/fleet/fleet.types";
import { buildFleetView, filtersToQuery, parseFilters, toRows, EMPTY_FILTERS } from "./fleet-query";

const fra = { id: "s-fra", name: "fra1" };
const ams = { id: "s-ams", name: "ams1" };
function host(name: string, over: Partial<TFleetHost> = {}): TFleetHost {
  return { id: name, name, address: `10.0.0.${name.length}`, site: fra, tags: [], enabled: true, pollMs: 5000, state: "UP", since: 1, reason: null, lastSampleAt: 1, cpu: 1, mem: 1, disk: 1, load1: 0, lag: null, health: over.state && over.state !== "MAINTENANCE" ? over.state : "UP", maintenance: null, ...over };
}

const fleet = new Map(
  [
    host("web-10"),
    host("web-2", { state: "DOWN" }),
    host("db-a", { site: ams, tags: ["postgres"] }),
    host("lonely", { site: null, state: "DEGRADED" }),
    host("old", { enabled: false, state: "UP" }),
  ].map((h) => [h.id, h]),
);

describe("fleet filters", () => {
  it("round-trip through the URL, ignoring unknown states", () => {
    const f = parseFilters(new URLSearchParams("q=web&site=none&tag=db&state=DOWN&state=bogus,up&sort=state"));
    expect(f).toEqual({ q: "web", site: "none", tag: "db", states: ["UP", "DOWN"], sort: "state" });
    expect(parseFilters(new URLSearchParams(filtersToQuery(f)))).toEqual(f);
    expect(filtersToQuery(EMPTY_FILTERS)).toBe("");
  });

  it("group by site (no site last), sort names naturally, count states before the state filter", () => {
    const v = buildFleetView(fleet, EMPTY_FILTERS);
    expect(v.groups.map((g) => g.label)).toEqual(["ams1", "fra1", "No site"]);
    expect(v.groups[1]!.ids).toEqual(["old", "web-2", "web-10"]);
    expect(v.counts).toMatchObject({ UP: 2, DOWN: 1, DEGRADED: 1, DISABLED: 1 });

    const down = buildFleetView(fleet, { ...EMPTY_FILTERS, states: ["DOWN"] });
    expect(down.shown).toBe(1);
    expect(down.counts.UP).toBe(2);

    const byState = buildFleetView(fleet, { ...EMPTY_FILTERS, sort: "state" });
    expect(byState.groups[1]!.ids).toEqual(["web-2", "web-10", "old"]);
  });

  it("search matches name, address or tag; site and tag filters narrow", () => {
    expect(buildFleetView(fleet, { ...EMPTY_FILTERS, q: "POSTGRES" }).shown).toBe(1);
    expect(buildFleetView(fleet, { ...EMPTY_FILTERS, q: "web 10.0.0.6" }).shown).toBe(1);
    expect(buildFleetView(fleet, { ...EMPTY_FILTERS, site: "none" }).groups.map((g) => g.label)).toEqual(["No site"]);
    expect(buildFleetView(fleet, { ...EMPTY_FILTERS, tag: "postgres" }).shown).toBe(1);
  });

  it("lays groups out in rows of tiles", () => {
    const v = buildFleetView(fleet, EMPTY_FILTERS);
    const rows = toRows(v.groups, 2);
    expect(rows.map((r) => (r.kind === "group" ? r.group.label : r.ids.join(",")))).toEqual(["ams1", "db-a", "fra1", "old,web-2", "web-10", "No site", "lonely"]);
  });
});
