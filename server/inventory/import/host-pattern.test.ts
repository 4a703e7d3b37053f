import { describe, expect, it } from "vitest";
import { expandHostPattern, expandRanges, splitHostPort } from "./host-pattern";

describe("host patterns", () => {
  it("splits ports off names, IPv4 and bracketed IPv6, not off ranges or bare IPv6", () => {
    expect(splitHostPort("web1:2222")).toEqual({ pattern: "web1", port: 2222 });
    expect(splitHostPort("10.0.0.1:22")).toEqual({ pattern: "10.0.0.1", port: 22 });
    expect(splitHostPort("[2001:db8::1]:2200")).toEqual({ pattern: "2001:db8::1", port: 2200 });
    expect(splitHostPort("[2001:db8::1]")).toEqual({ pattern: "2001:db8::1" });
    expect(splitHostPort("fe80::1")).toEqual({ pattern: "fe80::1" });
    expect(splitHostPort("web[1:3]")).toEqual({ pattern: "web[1:3]" });
    expect(splitHostPort("web[1:3].example.com:8022")).toEqual({ pattern: "web[1:3].example.com", port: 8022 });
  });

  it("expands ranges as Ansible does: width from a leading zero, steps, letters, several ranges", () => {
    expect(expandRanges("web[1:3]")).toEqual(["web1", "web2", "web3"]);
    expect(expandRanges("web[08:11]")).toEqual(["web08", "web09", "web10", "web11"]);
    expect(expandRanges("web[0:10:5]")).toEqual(["web0", "web5", "web10"]);
    expect(expandRanges("web[:2]")).toEqual(["web0", "web1", "web2"]);
    expect(expandRanges("db-[a:c]")).toEqual(["db-a", "db-b", "db-c"]);
    expect(expandRanges("r[1:2]-[a:b]")).toEqual(["r1-a", "r1-b", "r2-a", "r2-b"]);
    expect(expandHostPattern("web[1:2].example.com:2222")).toEqual({ names: ["web1.example.com", "web2.example.com"], port: 2222 });
  });
});
