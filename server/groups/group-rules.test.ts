import { describe, expect, it } from "vitest";
import { memberRuleErrors } from "./group-rules";

const A = "00000000-0000-7000-8000-00000000000a";
const B = "00000000-0000-7000-8000-00000000000b";
const C = "00000000-0000-7000-8000-00000000000c";
const m = (serverId: string, role: "PRIMARY" | "STANDBY" | "ACTIVE", lbBackendServer: string | null = null) => ({ serverId, role, lbBackendServer });
const paths = (e: { path: string }[]) => e.map((x) => x.path);

describe("memberRuleErrors", () => {
  it("accepts one primary with standbys, and an all-active pool", () => {
    expect(memberRuleErrors("ACTIVE_PASSIVE", 1, [m(A, "PRIMARY"), m(B, "STANDBY"), m(C, "STANDBY")])).toEqual([]);
    expect(memberRuleErrors("ACTIVE_ACTIVE", 2, [m(A, "ACTIVE", "a"), m(B, "ACTIVE", "b")])).toEqual([]);
  });
  it("names a second primary, a missing primary and an ACTIVE in an active-passive group", () => {
    expect(paths(memberRuleErrors("ACTIVE_PASSIVE", 1, [m(A, "PRIMARY"), m(B, "PRIMARY")]))).toEqual(["body.members.1.role"]);
    expect(paths(memberRuleErrors("ACTIVE_PASSIVE", 1, [m(A, "STANDBY")]))).toEqual(["body.members"]);
    expect(paths(memberRuleErrors("ACTIVE_PASSIVE", 1, [m(A, "PRIMARY"), m(B, "ACTIVE")]))).toEqual(["body.members.1.role"]);
  });
  it("allows only ACTIVE members in an active-active group", () => {
    expect(paths(memberRuleErrors("ACTIVE_ACTIVE", 1, [m(A, "ACTIVE"), m(B, "STANDBY")]))).toEqual(["body.members.1.role"]);
  });
  it("refuses a server twice, a backend name twice, and a budget above the member count", () => {
    expect(paths(memberRuleErrors("ACTIVE_ACTIVE", 1, [m(A, "ACTIVE", "x"), m(A, "ACTIVE", "x")]))).toEqual(["body.members.1.serverId", "body.members.1.lbBackendServer"]);
    expect(paths(memberRuleErrors("ACTIVE_ACTIVE", 3, [m(A, "ACTIVE"), m(B, "ACTIVE")]))).toEqual(["body.minHealthy"]);
    expect(memberRuleErrors("ACTIVE_ACTIVE", 2, [m(A, "ACTIVE"), m(B, "ACTIVE")])).toEqual([]);
  });
});
