import { describe, expect, it } from "vitest";
import { liveOperationOf, returnableEvacuationOf } from "./site-operations";
import type { TSiteOperationSummary } from "./types";

let n = 0;
function op(kind: TSiteOperationSummary["kind"], state: TSiteOperationSummary["state"], over: Partial<TSiteOperationSummary> = {}): TSiteOperationSummary {
  n++;
  const t = `2026-12-06T10:${String(n).padStart(2, "0")}:00.000Z`;
  return { id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, kind, state, createdAt: t, endedAt: null, rtoMs: null, outcome: null, dryRun: false, ...over };
}

describe("a site's operations", () => {
  it("finds the live one", () => {
    const running = op("EVACUATION", "RUNNING");
    expect(liveOperationOf([op("SITE_DRILL", "SUCCEEDED"), running])).toBe(running);
    expect(liveOperationOf([op("EVACUATION", "ABORTED")])).toBeNull();
  });

  it.each([
    ["nothing yet", [], null],
    ["an evacuation that succeeded", [["EVACUATION", "SUCCEEDED"]], 0],
    ["one that failed half way (some groups moved)", [["EVACUATION", "FAILED"]], 0],
    ["one already returned", [["EVACUATION", "SUCCEEDED"], ["SITE_RETURN", "SUCCEEDED"]], null],
    ["one whose return failed", [["EVACUATION", "SUCCEEDED"], ["SITE_RETURN", "FAILED"]], 0],
    ["a second evacuation after a return", [["EVACUATION", "SUCCEEDED"], ["SITE_RETURN", "SUCCEEDED"], ["EVACUATION", "SUCCEEDED"]], 2],
    ["one still running", [["EVACUATION", "RUNNING"]], null],
    ["a dry run only", [["EVACUATION", "SUCCEEDED", true]], null],
    ["a site drill (it came back by itself)", [["SITE_DRILL", "SUCCEEDED"]], null],
  ] as const)("offers a return after %s", (_, rows, expected) => {
    const ops = rows.map(([kind, state, dryRun]) => op(kind, state, { dryRun: Boolean(dryRun) }));
    // The server's order is not relied upon.
    expect(returnableEvacuationOf([...ops].reverse())).toBe(expected === null ? null : ops[expected]);
  });
});
