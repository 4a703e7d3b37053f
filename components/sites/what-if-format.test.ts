import { describe, expect, it } from "vitest";
import { affectedFirst, fencingText, lostText, totalsText } from "./what-if-format";
import type { TWhatIfGroup } from "./types";

const snap = (state: "OK" | "AT_RISK" | "BROKEN") => ({ state, inService: 2, minHealthy: 1, drCovered: true });

function group(name: string, over: Partial<TWhatIfGroup> = {}): TWhatIfGroup {
  return {
    groupId: "00000000-0000-4000-8000-000000000001",
    name,
    mode: "ACTIVE_PASSIVE",
    before: snap("OK"),
    after: snap("OK"),
    lostMembers: [],
    primaryLost: false,
    recoverable: true,
    action: "none",
    candidate: null,
    fencing: null,
    dependsOnLost: [],
    notes: [],
    summary: "",
    ...over,
  };
}

describe("a what-if answer", () => {
  it("puts affected groups first, keeping the server's order within each part", () => {
    const lost = [{ serverId: "00000000-0000-4000-8000-0000000000a1", name: "db-a", site: "fra1" }];
    const groups = [
      group("calm-1"),
      group("web", { after: snap("BROKEN"), recoverable: false, action: "lost" }),
      group("calm-2"),
      group("pg", { lostMembers: lost }),
      group("app", { dependsOnLost: ["pg"] }),
    ];
    expect(affectedFirst(groups).map((g) => g.name)).toEqual(["web", "pg", "app", "calm-1", "calm-2"]);
  });

  it.each([
    [null, null],
    [{ available: true, via: "level 2 (device): hv-lon1", required: true }, { text: "level 2 (device): hv-lon1", problem: false }],
    [{ available: false, via: null, required: true }, { text: "none survives: someone must confirm the primary is off", problem: true }],
    [{ available: false, via: null, required: false }, { text: "none left (not required)", problem: false }],
  ] as const)("words the fencing path %j", (fencing, expected) => {
    expect(fencingText(fencing)).toEqual(expected);
  });

  it("sums up the totals, naming only what happened", () => {
    expect(totalsText({ groups: 6, affected: 2, broken: 1, atRisk: 0, unrecoverable: 1, needFailover: 1 })).toBe("2 groups of 6 affected, 1 broken, 1 not recoverable, 1 failover needed");
    expect(totalsText({ groups: 6, affected: 1, broken: 0, atRisk: 0, unrecoverable: 0, needFailover: 0 })).toBe("1 group of 6 affected");
  });

  it("names what was lost", () => {
    const ref = (name: string) => ({ id: "00000000-0000-4000-8000-000000000009", name });
    expect(lostText({ sites: [ref("fra1")], servers: [], groups: [] })).toBe("site fra1");
    expect(lostText({ sites: [ref("fra1")], servers: [ref("db-lon1-a")], groups: [ref("web-ams1")] })).toBe("site fra1, db-lon1-a and group web-ams1");
  });
});
