import { describe, expect, it } from "vitest";
import { forwardKey, isLeaderBound, signForwarded, verifyForwarded } from "./leader-proxy";

describe("which requests a follower forwards to the leader", () => {
  it.each([
    ["POST", "/api/v1/groups/x/failover", true],
    ["POST", "/api/v1/operations/x/abort", true],
    ["PATCH", "/api/v1/servers/x?y=1", true],
    ["DELETE", "/api/v1/alert-rules/x", true],
    ["GET", "/api/v1/simulator", true], // the demo fleet lives in the leader's process
    ["POST", "/api/v1/simulator/faults", true],
    ["GET", "/api/v1/servers", false],
    ["GET", "/api/v1/cluster", false],
    ["POST", "/api/v1/auth/login", false], // sessions are in the database: any node signs in
    ["POST", "/api/v1/auth/logout", false],
    ["POST", "/api/v1/account/password", false],
    ["POST", "/api/v1/setup", false],
    ["GET", "/fleet", false],
    ["POST", "/api/health", false],
  ])("%s %s -> %s", (method, url, want) => {
    expect(isLeaderBound(method, url)).toBe(want);
  });
});

describe("the signed forwarding header", () => {
  const key = forwardKey("a-cluster-secret-a-cluster-secret-1234");
  const facts = { addr: "203.0.113.7", proto: "https" as const, fromNode: "node-a" };

  it("carries the browser's address and protocol to the leader", () => {
    expect(verifyForwarded(key, signForwarded(key, facts))).toEqual(facts);
  });

  it("refuses a forged, altered, stale or foreign header", () => {
    const good = signForwarded(key, facts);
    expect(verifyForwarded(key, undefined)).toBeNull();
    expect(verifyForwarded(key, good.replace("203.0.113.7", "198.51.100.1"))).toBeNull();
    expect(verifyForwarded(key, good.replace("https", "http"))).toBeNull();
    expect(verifyForwarded(key, signForwarded(key, facts, Date.now() - 120_000))).toBeNull();
    expect(verifyForwarded(forwardKey("another-secret-another-secret-123456"), good)).toBeNull();
    expect(verifyForwarded(key, "node-a;1.2.3.4;http;1;nonsense")).toBeNull();
  });
});
