import { describe, expect, it } from "vitest";
import { createRolloutActivity } from "./rollout-activity";
import { allowedFailures } from "./rollout-driver";

describe("allowedFailures", () => {
  it.each([
    [0, 10, 0],
    [2, 10, 2],
    ["10%", 10, 1],
    ["10%", 9, 0],
    ["50%", 5, 2],
    ["100%", 3, 3],
  ] as const)("budget %s of %i hosts allows %i failure(s)", (budget, n, want) => {
    expect(allowedFailures(budget, n)).toBe(want);
  });
});

describe("rollout activity", () => {
  const r = { id: "op-1", reason: "monthly patching" };
  it("holds back alerts about a server being patched and its groups, and keeps automatic failover away, until it is done", () => {
    const a = createRolloutActivity();
    a.add("s1", ["g1", "g2"], r);
    a.add("s2", ["g1"], r);
    expect(a.suppressing({ serverId: "s1", groupId: null })).toEqual({ windowId: null, title: "rollout: monthly patching", reason: 'being patched by rollout "monthly patching"' });
    expect(a.suppressing({ serverId: null, groupId: "g2" })?.reason).toBe('a member is being patched by rollout "monthly patching"');
    expect(a.blockingFailover("s2")).toBe('being patched by rollout "monthly patching"');
    a.remove("s1");
    expect(a.suppressing({ serverId: null, groupId: "g2" })).toBeNull();
    expect(a.suppressing({ serverId: null, groupId: "g1" })).not.toBeNull();
    a.remove("s2");
    expect(a.suppressing({ serverId: null, groupId: "g1" })).toBeNull();
    expect(a.blockingFailover("s2")).toBeNull();
    expect(a.suppressing({ serverId: "s3", groupId: null })).toBeNull();
  });
});
