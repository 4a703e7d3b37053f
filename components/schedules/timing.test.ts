import { describe, expect, it } from "vitest";
import { initialTiming, readTiming, timingOf } from "./timing";

const known = (zone: string) => ["Europe/Berlin", "UTC"].includes(zone);

describe("schedule timing", () => {
  it("starts a week out at 03:00 in the given zone, weekly on that weekday", () => {
    const t = initialTiming(new Date("2026-03-02T23:30:00Z"), "Europe/Berlin");
    // 23:30 UTC on Monday is already Tuesday in Berlin.
    expect(t).toMatchObject({ date: "2026-03-10", time: "03:00", timezone: "Europe/Berlin" });
    expect(t.recurrence).toMatchObject({ kind: "weekly", weekdays: ["TU"] });
  });

  it("reads a complete draft as the API takes it", () => {
    const t = readTiming({ ...timingOf({ start: "2026-03-10T03:00", timezone: "Europe/Berlin", rrule: "FREQ=WEEKLY;BYDAY=TU" }), timezone: " Europe/Berlin " }, known);
    expect(t).toMatchObject({ start: "2026-03-10T03:00", timezone: "Europe/Berlin", rrule: "FREQ=WEEKLY;BYDAY=TU", problem: undefined });
    expect(t.startsAt?.toISOString()).toBe("2026-03-10T02:00:00.000Z");
  });

  it("says what is missing, first things first", () => {
    const base = initialTiming(new Date("2026-03-02T12:00:00Z"), "UTC");
    expect(readTiming({ ...base, timezone: "Mars/Olympus" }, known)).toMatchObject({ problem: "Give a start date, time and a time zone from the list.", startsAt: null, rrule: null });
    expect(readTiming({ ...base, recurrence: { ...base.recurrence, kind: "none" } }, known).problem).toBe("A schedule repeats: pick how often.");
    expect(readTiming({ ...base, recurrence: { ...base.recurrence, weekdays: [] } }, known).problem).toBe("Pick at least one weekday.");
  });
});
