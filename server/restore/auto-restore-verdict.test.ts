import { describe, expect, it } from "vitest";
import { autoRestoreVerdict, type AutoRestoreView } from "./auto-restore-verdict";

const now = new Date("2026-12-07T12:00:00Z");
const ago = (min: number) => new Date(now.getTime() - min * 60_000);
const base: AutoRestoreView = { afterMinutes: 10, hasProvision: true, state: "AT_RISK", shortSince: ago(12), plannedWork: null, liveOperation: false, lastRestoreAt: null };

describe("whether a group is restored automatically", () => {
  it.each<[string, Partial<AutoRestoreView>, boolean, RegExp]>([
    ["AT_RISK longer than afterMinutes", {}, true, /^AT_RISK for 12 min \(restore after 10\)$/],
    ["BROKEN exactly afterMinutes", { state: "BROKEN", shortSince: ago(10) }, true, /^BROKEN for 10 min/],
    ["a restore long ago", { lastRestoreAt: ago(30) }, true, /AT_RISK for 12 min/],
    ["on request only", { afterMinutes: null }, false, /^restored on request only$/],
    ["no provision hook", { hasProvision: false }, false, /^no provision hook$/],
    ["OK", { state: "OK", shortSince: null }, false, /^OK$/],
    ["short for less than afterMinutes", { shortSince: ago(9.5) }, false, /^AT_RISK for 9 of 10 min$/],
    ["just seen short", { shortSince: null }, false, /^AT_RISK for 0 of 10 min$/],
    ["a member in a maintenance window", { plannedWork: 'db-b in maintenance window "patching"' }, false, /^planned work, not a loss: db-b in maintenance window/],
    ["an operation running on it", { liveOperation: true }, false, /^an operation is running on it$/],
    ["a restore within afterMinutes (it failed: no retry loop)", { lastRestoreAt: ago(4) }, false, /^a restore started 4 min ago \(at most one per 10 min\)$/],
  ])("%s", (_what, v, start, why) => {
    const verdict = autoRestoreVerdict({ ...base, ...v }, now);
    expect(verdict.start).toBe(start);
    expect(verdict.why).toMatch(why);
  });
});
