import { describe, expect, it } from "vitest";
import { redundancyHeadline, summarizeRedundancy } from "./redundancy-strip";

type State = "OK" | "AT_RISK" | "BROKEN";
function group(name: string, state: State, inService: number, minHealthy: number, drCovered = false) {
  return { id: name, name, redundancy: { state, inService, minHealthy, unavailable: [], drCovered } };
}

describe("summarizeRedundancy", () => {
  it("lists BROKEN before AT_RISK, largest shortfall first, then by natural name; skips OK", () => {
    const s = summarizeRedundancy([
      group("web-fra1", "OK", 3, 1),
      group("web-10", "AT_RISK", 1, 1),
      group("web-2", "AT_RISK", 1, 1),
      group("pg-ams1", "BROKEN", 0, 1),
      group("pg-fra1", "BROKEN", 0, 2, true),
    ]);
    expect(s.attention.map((g) => g.name)).toEqual(["pg-fra1", "pg-ams1", "web-2", "web-10"]);
    expect(s).toMatchObject({ total: 5, broken: 2, atRisk: 2 });
  });

  it("lists groups without DR coverage by name, whatever their state", () => {
    const s = summarizeRedundancy([group("b", "OK", 2, 1), group("a", "AT_RISK", 1, 1), group("c", "OK", 2, 1, true)]);
    expect(s.noDr.map((g) => g.name)).toEqual(["a", "b"]);
  });

  it("does not reorder its input", () => {
    const input = [group("b", "AT_RISK", 1, 1), group("a", "BROKEN", 0, 1)];
    summarizeRedundancy(input);
    expect(input.map((g) => g.name)).toEqual(["b", "a"]);
  });
});

describe("redundancyHeadline", () => {
  it("is one quiet line when every group has a spare", () => {
    expect(redundancyHeadline({ total: 6, broken: 0, atRisk: 0 })).toBe("All 6 groups have a spare member");
    expect(redundancyHeadline({ total: 1, broken: 0, atRisk: 0 })).toBe("The only group has a spare member");
  });

  it("counts broken and at-risk groups", () => {
    expect(redundancyHeadline({ total: 6, broken: 1, atRisk: 2 })).toBe("1 broken, 2 at risk of 6 groups");
    expect(redundancyHeadline({ total: 6, broken: 0, atRisk: 1 })).toBe("1 at risk of 6 groups");
    expect(redundancyHeadline({ total: 1, broken: 1, atRisk: 0 })).toBe("1 broken of 1 group");
  });
});
