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

describe("health from another node of the cluster", () => {
  it("raises the same events as a local poll, flagged remote, and writes no history (the polling node does)", () => {
    const e = new HealthEngine(DEFAULT_HEALTH_POLICY);
    const seen: string[] = [];
    e.on("transition", (t) => seen.push(`transition ${t.from}->${t.to}${t.remote ? " remote" : ""}`));
    e.on("sampled", (s) => seen.push(`sampled${s.remote ? " remote" : ""}`));
    // The polling node's view after three failed polls.
    const polled = new HealthEngine(DEFAULT_HEALTH_POLICY);
    for (let i = 1; i <= 3; i++) polled.apply("a", fail(i));
    e.track("a", "UP", new Date(0), null);
    e.applyRemote("a", new Date(3000), polled.hosts.get("a")!);
    expect(seen).toEqual(["transition UP->DOWN remote", "sampled remote"]);
    expect(e.hosts.get("a")!.state).toBe("DOWN");
    expect(e.drainDirty()).toEqual(["a"]);
    expect(e.drainHistory()).toEqual([]);
    // Same state again: a sample, no transition.
    e.applyRemote("a", new Date(4000), polled.hosts.get("a")!);
    expect(seen.slice(2)).toEqual(["sampled remote"]);
  });
});
