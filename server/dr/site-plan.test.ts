import { describe, expect, it } from "vitest";
import { checkStages, findCycle, layerByDependencies } from "./site-plan";

const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe("recovery plan ordering", () => {
  const cases: { name: string; groups: string[]; edges: Record<string, string[]>; layers: string[][] }[] = [
    { name: "no dependencies: one stage", groups: ["web", "db", "cache"], edges: {}, layers: [["cache", "db", "web"]] },
    { name: "web on db", groups: ["web", "db"], edges: { web: ["db"] }, layers: [["db"], ["web"]] },
    { name: "a chain", groups: ["app", "web", "db"], edges: { web: ["app"], app: ["db"] }, layers: [["db"], ["app"], ["web"]] },
    { name: "a diamond", groups: ["web", "api", "db", "queue"], edges: { web: ["api", "queue"], api: ["db"], queue: ["db"] }, layers: [["db"], ["api", "queue"], ["web"]] },
    { name: "a dependency outside the plan counts as met", groups: ["web"], edges: { web: ["db-elsewhere"] }, layers: [["web"]] },
  ];
  it.each(cases)("$name", ({ groups, edges, layers }) => {
    expect(layerByDependencies(groups, g(edges))).toEqual(layers);
  });

  it("finds cycles, and only real ones", () => {
    expect(findCycle(g({ a: ["b"], b: ["c"], c: ["a"] }))).toEqual(["a", "b", "c", "a"]);
    expect(findCycle(g({ a: ["a"] }))).toEqual(["a", "a"]);
    expect(findCycle(g({ web: ["api", "queue"], api: ["db"], queue: ["db"] }))).toBeNull();
    expect(() => layerByDependencies(["a", "b"], g({ a: ["b"], b: ["a"] }))).toThrow(/cycle/);
  });

  it("checks an admin's stages: unknown, twice, and dependencies out of order", () => {
    const known = new Map([
      ["db", "pg"],
      ["web", "web-pool"],
      ["api", "api"],
    ]);
    const graph = g({ web: ["db"], api: ["db"] });
    expect(checkStages([{ groupIds: ["db"] }, { groupIds: ["web", "api"] }], graph, known)).toEqual([]);
    expect(checkStages([{ groupIds: ["db", "web"] }], graph, known)).toEqual([{ path: "stages.0.groupIds.1", message: "web-pool depends on pg, which must come in an earlier stage (it is in stage 1)" }]);
    expect(checkStages([{ groupIds: ["web"] }, { groupIds: ["db"] }], graph, known)).toEqual([{ path: "stages.0.groupIds.0", message: "web-pool depends on pg, which must come in an earlier stage (it is in stage 2)" }]);
    expect(checkStages([{ groupIds: ["db", "nope"] }, { groupIds: ["db"] }], graph, known)).toEqual([
      { path: "stages.0.groupIds.1", message: "no such group" },
      { path: "stages.1.groupIds.0", message: "pg is already in stage 1" },
    ]);
  });
});
