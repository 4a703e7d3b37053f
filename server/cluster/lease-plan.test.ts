import { describe, expect, it } from "vitest";
import { leasePlan } from "./lease-plan";

describe("leasePlan", () => {
  it.each([
    // servers, nodes, own, free, pace -> fairShare, claim, release
    { name: "a lone node takes the whole fleet, paced", c: { servers: 27, liveNodes: 1, own: 0, free: 27, pace: 10 }, want: { fairShare: 27, claim: 10, release: 0 } },
    { name: "it keeps claiming until it holds everything", c: { servers: 27, liveNodes: 1, own: 20, free: 7, pace: 10 }, want: { fairShare: 27, claim: 7, release: 0 } },
    { name: "a second node joins: the first hands back what is over half", c: { servers: 27, liveNodes: 2, own: 27, free: 0, pace: 10 }, want: { fairShare: 14, claim: 0, release: 10 } },
    { name: "...paced, then stops at the share", c: { servers: 27, liveNodes: 2, own: 17, free: 10, pace: 10 }, want: { fairShare: 14, claim: 0, release: 3 } },
    { name: "the joiner claims only what is free", c: { servers: 27, liveNodes: 2, own: 0, free: 10, pace: 100 }, want: { fairShare: 14, claim: 10, release: 0 } },
    { name: "ceil: 13 of 27 with two nodes is under the share but nothing is free", c: { servers: 27, liveNodes: 2, own: 13, free: 0, pace: 100 }, want: { fairShare: 14, claim: 0, release: 0 } },
    { name: "a node died: the survivors' share grows and they take its servers", c: { servers: 30, liveNodes: 2, own: 10, free: 10, pace: 100 }, want: { fairShare: 15, claim: 5, release: 0 } },
    { name: "no servers, nothing to do", c: { servers: 0, liveNodes: 3, own: 0, free: 0, pace: 100 }, want: { fairShare: 0, claim: 0, release: 0 } },
    { name: "a node count of 0 (its own heartbeat not seen yet) counts as 1", c: { servers: 5, liveNodes: 0, own: 0, free: 5, pace: 100 }, want: { fairShare: 5, claim: 5, release: 0 } },
  ])("$name", ({ c, want }) => {
    expect(leasePlan(c)).toEqual(want);
  });

  it("the shares of every node always cover the fleet, and stay within one of an even split", () => {
    for (let servers = 0; servers < 200; servers += 7) {
      for (let nodes = 1; nodes <= 7; nodes++) {
        const share = leasePlan({ servers, liveNodes: nodes, own: 0, free: servers, pace: 1e9 }).fairShare;
        expect(share * nodes).toBeGreaterThanOrEqual(servers);
        expect(share - Math.floor(servers / nodes)).toBeLessThanOrEqual(1); // and within one server of an even split
      }
    }
  });
});
