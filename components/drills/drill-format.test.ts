import { describe, expect, it } from "vitest";
import { daysAgoText, freshnessShort, freshnessText, rtoTrend, staleReason, verdictLabel } from "./drill-format";
import type { TDrillSummary } from "./types";

function drill(p: Partial<TDrillSummary>): TDrillSummary {
  return {
    operationId: "00000000-0000-4000-8000-000000000001",
    groupId: null,
    groupName: null,
    mode: "live",
    state: "SUCCEEDED",
    passed: true,
    verdict: "passed",
    rtoMs: 1500,
    rpoMs: 0,
    initiator: "ada",
    reason: "r",
    createdAt: "2026-11-01T10:00:00.000Z",
    endedAt: "2026-11-01T10:01:00.000Z",
    ...p,
  };
}

describe("freshness wording", () => {
  it("says never, today, one day and many days", () => {
    expect(freshnessText({ daysSince: null })).toBe("Never drilled");
    expect(freshnessText({ daysSince: 0.4 })).toBe("Last passing live drill today");
    expect(freshnessText({ daysSince: 1.9 })).toBe("Last passing live drill 1 day ago");
    expect(freshnessShort({ daysSince: 3.2 })).toBe("3 days ago");
    expect(freshnessShort({ daysSince: null })).toBe("Never");
    expect(daysAgoText(0)).toBe("today");
  });

  it("explains why a group is flagged, only when stale", () => {
    expect(staleReason({ daysSince: 2, stale: false }, 30)).toBeNull();
    expect(staleReason({ daysSince: null, stale: true }, 30)).toBe("No live drill has passed yet");
    expect(staleReason({ daysSince: 45, stale: true }, 30)).toBe("Older than 30 days");
  });
});

describe("rtoTrend", () => {
  it("keeps ended live drills, oldest first, in seconds", () => {
    const points = rtoTrend([
      drill({ operationId: "c", endedAt: "2026-11-03T10:00:00.000Z", rtoMs: 2500 }),
      drill({ operationId: "dry", mode: "dry-run" }),
      drill({ operationId: "running", passed: null, state: "RUNNING", endedAt: null }),
      drill({ operationId: "a", endedAt: "2026-11-01T10:00:00.000Z", rtoMs: 1000 }),
    ]);
    expect(points.map((p) => p.operationId)).toEqual(["a", "c"]);
    expect(points.map((p) => p.rto)).toEqual([1, 2.5]);
    expect(points.every((p) => p.passed && !p.onAxis)).toBe(true);
  });

  it("plots a failed drill at its RTO, or on the axis when it has none", () => {
    const points = rtoTrend([
      drill({ operationId: "f1", passed: false, state: "FAILED", rtoMs: 4000, endedAt: "2026-11-02T00:00:00.000Z" }),
      drill({ operationId: "f2", passed: false, state: "ROLLED_BACK", rtoMs: null, endedAt: "2026-11-03T00:00:00.000Z" }),
    ]);
    expect(points).toMatchObject([
      { operationId: "f1", rto: 4, passed: false, onAxis: false },
      { operationId: "f2", rto: 0, passed: false, onAxis: true },
    ]);
  });

  it("leaves out a passed drill without an RTO (nothing to plot)", () => {
    expect(rtoTrend([drill({ rtoMs: null })])).toEqual([]);
  });

  it("falls back to the start time while the end is unknown", () => {
    const [p] = rtoTrend([drill({ endedAt: null, passed: false, state: "FAILED" })]);
    expect(p?.t).toBe(Date.parse("2026-11-01T10:00:00.000Z"));
  });
});

describe("verdictLabel", () => {
  it("names each state", () => {
    expect(verdictLabel({ passed: true, state: "SUCCEEDED" })).toBe("Passed");
    expect(verdictLabel({ passed: false, state: "ABORTED" })).toBe("Failed");
    expect(verdictLabel({ passed: null, state: "RUNNING" })).toBe("Running");
    expect(verdictLabel({ passed: null, state: "PAUSED" })).toBe("Paused");
  });
});
