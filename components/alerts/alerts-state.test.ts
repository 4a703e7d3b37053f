import { describe, expect, it } from "vitest";
import { applyChange, applySnapshot, EMPTY_ALERTS, subjectOf, toastFor } from "./alerts-state";
import type { TAlert, TAlertChange, TAlertCounts } from "./types";

let n = 0;
function alert(patch: Partial<TAlert> = {}): TAlert {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    dedupKey: `k${n}`,
    source: "host-down",
    severity: "CRITICAL",
    state: "FIRING",
    title: `Alert ${n}`,
    server: { id: "10000000-0000-4000-8000-000000000001", name: "web-fra1-2" },
    group: null,
    operationId: null,
    ruleId: null,
    parentId: null,
    childCount: 0,
    count: 1,
    flapping: false,
    firstSeenAt: `2026-11-26T10:00:${String(n % 60).padStart(2, "0")}.000Z`,
    lastSeenAt: "2026-11-26T10:00:00.000Z",
    acknowledgedAt: null,
    acknowledgedBy: null,
    ackComment: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    suppressed: false,
    suppressedReason: null,
    details: {},
    ...patch,
  };
}
const counts = (firing: number, acknowledged = 0, critical = 0): TAlertCounts => ({ firing, acknowledged, critical });
const ev = (change: TAlertChange, a: TAlert, c = counts(0)) => ({ change, alert: a, counts: c });

describe("alerts state", () => {
  it("lists a snapshot's open top-level alerts, firing first, then newest first", () => {
    const old = alert({ firstSeenAt: "2026-11-26T09:00:00.000Z" });
    const fresh = alert({ firstSeenAt: "2026-11-26T11:00:00.000Z" });
    const acked = alert({ state: "ACKNOWLEDGED", firstSeenAt: "2026-11-26T12:00:00.000Z" });
    const folded = alert({ parentId: old.id });
    const s = applySnapshot({ alerts: [acked, old, folded, fresh], counts: counts(2, 1, 2) });
    expect(s.ready).toBe(true);
    expect(s.alerts.map((a) => a.id)).toEqual([fresh.id, old.id, acked.id]);
    expect(s.counts).toEqual(counts(2, 1, 2));
  });

  it("adds, updates and removes alerts by change, taking the server's counts", () => {
    const a = alert();
    let s = applyChange(applySnapshot({ alerts: [], counts: counts(0) }), ev("fired", a, counts(1, 0, 1)));
    expect(s.alerts).toEqual([a]);
    expect(s.counts?.firing).toBe(1);

    const acked = { ...a, state: "ACKNOWLEDGED" as const, acknowledgedBy: "ada@example.test" };
    s = applyChange(s, ev("acknowledged", acked, counts(0, 1, 0)));
    expect(s.alerts).toEqual([acked]);
    expect(s.counts).toEqual(counts(0, 1, 0));

    s = applyChange(s, ev("resolved", { ...acked, state: "RESOLVED" }, counts(0)));
    expect(s.alerts).toEqual([]);
  });

  it("applying the same change twice changes nothing", () => {
    const a = alert();
    const e = ev("fired", a, counts(1));
    const once = applyChange(EMPTY_ALERTS, e);
    expect(applyChange(once, e)).toEqual(once);
  });

  it("drops an alert folded into an incident, or suppressed, from the list", () => {
    const a = alert();
    const s = applySnapshot({ alerts: [a], counts: counts(1) });
    expect(applyChange(s, ev("grouped", { ...a, parentId: alert().id })).alerts).toEqual([]);
    expect(applyChange(s, ev("repeated", { ...a, suppressed: true, suppressedReason: "maintenance" })).alerts).toEqual([]);
  });

  it("toasts new and escalated alerts and recoveries, never suppressed, folded or repeated ones", () => {
    expect(toastFor(ev("fired", alert()))).toBe("fire");
    expect(toastFor(ev("escalated", alert()))).toBe("fire");
    expect(toastFor(ev("resolved", alert({ state: "RESOLVED" })))).toBe("resolve");
    expect(toastFor(ev("acknowledged", alert({ state: "ACKNOWLEDGED" })))).toBe("dismiss");
    for (const c of ["repeated", "flapping"] as const) expect(toastFor(ev(c, alert()))).toBeNull();
    expect(toastFor(ev("fired", alert({ suppressed: true })))).toBeNull();
    expect(toastFor(ev("grouped", alert({ parentId: alert().id })))).toBe("dismiss");
  });

  it("names the alert's subject", () => {
    expect(subjectOf({ server: { id: "x", name: "db-a" }, group: { id: "y", name: "pg" } })).toBe("db-a · pg");
    expect(subjectOf({ server: null, group: null })).toBeNull();
  });
});
