import { describe, expect, it } from "vitest";
import { computeRecovery, withRecovery } from "./recovery";

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

describe("RTO and RPO", () => {
  it("counts a failover from the last good answer, with detection, decision and cutover apart", () => {
    const f = computeRecovery({ since: at(0).toISOString(), detectedAt: at(2500).toISOString(), lagSec: 0.25 }, { createdAt: at(2700), startedAt: at(2710) }, at(3900));
    expect(f).toEqual({ rtoMs: 3900, rpoMs: 250, timings: { detectionMs: 2500, decisionMs: 200, cutoverMs: 1190, rtoFrom: "last-good-answer" } });
  });

  it("counts a switchover from its start, with an unknown lag as a null RPO", () => {
    const f = computeRecovery({ since: null, detectedAt: null, lagSec: null }, { createdAt: at(0), startedAt: at(10) }, at(1010));
    expect(f).toEqual({ rtoMs: 1000, rpoMs: null, timings: { detectionMs: null, decisionMs: null, cutoverMs: 1000, rtoFrom: "operation-start" } });
  });

  it("attaches the facts to the set-roles step only", () => {
    const plan = { steps: [{ action: "verify", params: {} }, { action: "set-roles", params: { groupId: "g" } }] };
    const r = { since: null, detectedAt: null, lagSec: 1 };
    expect(withRecovery(plan, r).steps).toEqual([{ action: "verify", params: {} }, { action: "set-roles", params: { groupId: "g", recovery: r } }]);
  });
});
