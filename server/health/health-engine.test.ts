import { describe, expect, it } from "vitest";
import { HealthEngine } from "./health-engine";
import { DEFAULT_HEALTH_POLICY } from "./health.types";

const fail = (s: number) => ({ ok: false as const, at: new Date(s * 1000), kind: "connect" as const, message: "refused" });

describe("health engine history buffer", () => {
  it("puts rows of a failed write back ahead of newer ones, and caps what it keeps", () => {
    const e = new HealthEngine(DEFAULT_HEALTH_POLICY);
    e.apply("a", fail(1));
    e.apply("a", fail(2));
    const failed = e.drainHistory();
    e.apply("a", fail(3));
    e.requeueHistory(failed);
    expect(e.drainHistory().map((r) => r.at.getTime() / 1000)).toEqual([1, 2, 3]);

    for (let i = 0; i < 10; i++) e.apply("a", fail(10 + i));
    e.requeueHistory([], 4); // over the cap, the oldest go
    expect(e.drainHistory().map((r) => r.at.getTime() / 1000)).toEqual([16, 17, 18, 19]);
  });

  it("reports each host once per broadcast however many polls it had", () => {
    const e = new HealthEngine(DEFAULT_HEALTH_POLICY);
    e.apply("a", fail(1));
    e.apply("a", fail(2));
    e.apply("b", fail(2));
    expect(e.drainDirty().sort()).toEqual(["a", "b"]);
    expect(e.drainDirty()).toEqual([]);
  });
});
