import { describe, expect, it } from "vitest";
import { ServiceWatch } from "./service-watch";

const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 12, 0, s));
const pg = { name: "postgresql", port: 5432 };

function watching(threshold = 3) {
  const w = new ServiceWatch();
  w.setWatched(new Map([["db-a", [{ groupId: "g1", groupName: "pg", critical: [pg], threshold }]]]));
  return w;
}

describe("ServiceWatch", () => {
  it("fires once when a critical service has been down for the threshold, with when it was last up", () => {
    const w = watching();
    expect(w.sample("db-a", at(0), [])).toEqual([]);
    expect(w.sample("db-a", at(1), ["postgresql"])).toEqual([]);
    expect(w.sample("db-a", at(2), ["postgresql", "cron"])).toEqual([]);
    expect(w.sample("db-a", at(3), ["postgresql"])).toEqual([{ serverId: "db-a", groupId: "g1", groupName: "pg", down: [pg], downAt: at(1), lastGoodAt: at(0), samples: 3 }]);
    expect(w.sample("db-a", at(4), ["postgresql"])).toEqual([]);
  });

  it("starts over when the service runs again in between, and ignores services that are not critical", () => {
    const w = watching(2);
    w.sample("db-a", at(0), ["postgresql"]);
    w.sample("db-a", at(1), ["cron"]);
    expect(w.sample("db-a", at(2), ["postgresql"])).toEqual([]);
    expect(w.sample("db-a", at(3), ["postgresql"])).toHaveLength(1);
    expect(w.sample("db-b", at(3), ["postgresql"])).toEqual([]);
  });

  it("forgets a primary that is no longer watched (switched over, policy MANUAL)", () => {
    const w = watching(2);
    w.sample("db-a", at(0), ["postgresql"]);
    w.setWatched(new Map());
    expect(w.isWatched("db-a")).toBe(false);
    expect(w.sample("db-a", at(1), ["postgresql"])).toEqual([]);
  });

  it("is confirming from the first bad sample until it fires, so the caller can look again sooner", () => {
    const w = watching();
    w.sample("db-a", at(0), []);
    expect(w.confirming("db-a")).toBe(false);
    w.sample("db-a", at(1), ["postgresql"]);
    expect(w.confirming("db-a")).toBe(true);
    w.sample("db-a", at(2), ["postgresql"]);
    w.sample("db-a", at(3), ["postgresql"]);
    expect(w.confirming("db-a")).toBe(false);
  });
});
