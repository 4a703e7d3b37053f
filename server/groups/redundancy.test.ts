import { describe, expect, it } from "vitest";
import { evaluateRedundancy, type MemberView } from "./redundancy";

const m = (name: string, over: Partial<MemberView> = {}): MemberView => ({ serverId: name, name, role: "STANDBY", adminState: "IN_SERVICE", hostState: "UP", siteId: "fra", ...over });

describe("group redundancy", () => {
  it("is OK with a member to spare, AT_RISK at the budget, BROKEN below it", () => {
    const pair = [m("db-a", { role: "PRIMARY" }), m("db-b")];
    expect(evaluateRedundancy("ACTIVE_PASSIVE", 1, pair).state).toBe("OK");
    expect(evaluateRedundancy("ACTIVE_PASSIVE", 1, [pair[0]!, m("db-b", { hostState: "DOWN" })]).state).toBe("AT_RISK");
    expect(evaluateRedundancy("ACTIVE_PASSIVE", 1, [m("db-a", { role: "PRIMARY", hostState: "DOWN" }), m("db-b", { hostState: "DOWN" })]).state).toBe("BROKEN");
  });

  it("counts drained, fenced, maintenance and unconfirmed members as unavailable, saying why", () => {
    const r = evaluateRedundancy("ACTIVE_ACTIVE", 2, [m("web-1", { role: "ACTIVE" }), m("web-2", { role: "ACTIVE", adminState: "DRAINED" }), m("web-3", { role: "ACTIVE", hostState: "UNREACHABLE" }), m("web-4", { role: "ACTIVE", hostState: "DEGRADED" })]);
    expect(r).toMatchObject({ state: "AT_RISK", inService: 2 });
    expect(r.unavailable).toEqual([{ name: "web-2", why: "drained" }, { name: "web-3", why: "unreachable" }]);
  });

  it("knows whether a copy exists in another site", () => {
    expect(evaluateRedundancy("ACTIVE_PASSIVE", 1, [m("a", { role: "PRIMARY" }), m("b")]).drCovered).toBe(false);
    expect(evaluateRedundancy("ACTIVE_PASSIVE", 1, [m("a", { role: "PRIMARY" }), m("b"), m("dr", { siteId: "ams" })]).drCovered).toBe(true);
    expect(evaluateRedundancy("ACTIVE_PASSIVE", 1, [m("a", { role: "PRIMARY" }), m("dr", { siteId: "ams", hostState: "DOWN" })]).drCovered).toBe(false);
    expect(evaluateRedundancy("ACTIVE_ACTIVE", 1, [m("w1", { role: "ACTIVE" }), m("w2", { role: "ACTIVE", siteId: "lon" })]).drCovered).toBe(true);
  });

  it("counts a standby only when it could take over now, and says which condition it fails", () => {
    const primary = m("db-a", { role: "PRIMARY" });
    const lagging = evaluateRedundancy("ACTIVE_PASSIVE", 1, [primary, m("db-b", { hostState: "DEGRADED", lagSec: 120 })], { maxLagSec: 30 });
    expect(lagging).toMatchObject({ state: "AT_RISK", inService: 1, unavailable: [{ name: "db-b", why: "host is DEGRADED, replication lag 120s > 30s" }] });
    const fenced = evaluateRedundancy("ACTIVE_PASSIVE", 1, [primary, m("db-b", { adminState: "FENCED", lagSec: 0 })], { maxLagSec: 30 });
    expect(fenced.unavailable).toEqual([{ name: "db-b", why: "admin state is FENCED" }]);
    const inWindow = evaluateRedundancy("ACTIVE_PASSIVE", 1, [primary, m("db-b", { maintenance: "kernel", lagSec: 0 })], { maxLagSec: 30 });
    expect(inWindow.unavailable).toEqual([{ name: "db-b", why: 'in maintenance window "kernel"' }]);
    expect(evaluateRedundancy("ACTIVE_PASSIVE", 1, [primary, m("db-b", { lagSec: 2 })], { maxLagSec: 30 }).state).toBe("OK");
  });

  it("does not count a primary whose critical service is down, though its host answers", () => {
    const r = evaluateRedundancy("ACTIVE_PASSIVE", 1, [m("db-a", { role: "PRIMARY", hostState: "DEGRADED", criticalServicesDown: ["postgresql"] }), m("db-b", { lagSec: 0 })], { maxLagSec: 30 });
    expect(r).toMatchObject({ state: "AT_RISK", inService: 1, unavailable: [{ name: "db-a", why: "postgresql is not running" }] });
  });
});
