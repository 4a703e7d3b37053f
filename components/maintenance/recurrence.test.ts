import { describe, expect, it } from "vitest";
import { defaultRecurrence, fromRrule, toRrule, untilOf, type Recurrence } from "./recurrence";

const START = "2026-12-01T02:30"; // a Tuesday, the first of its month
const base = defaultRecurrence(START);
const rule = (r: Partial<Recurrence>, tz = "UTC") => toRrule({ ...base, ...r }, tz);

describe("toRrule", () => {
  it("gives null for a one-off window", () => {
    expect(rule({ kind: "none" })).toBeNull();
  });

  it("builds the kinds the builder offers", () => {
    expect(rule({ kind: "daily", interval: 2 })).toBe("FREQ=DAILY;INTERVAL=2");
    expect(rule({ kind: "weekly", weekdays: ["TH", "TU"] })).toBe("FREQ=WEEKLY;BYDAY=TU,TH");
    expect(rule({ kind: "monthlyDay", monthDay: 15 })).toBe("FREQ=MONTHLY;BYMONTHDAY=15");
    expect(rule({ kind: "monthlyDay", monthDay: -1 })).toBe("FREQ=MONTHLY;BYMONTHDAY=-1");
    expect(rule({ kind: "monthlyWeekday", setPos: 2, weekday: "TU" })).toBe("FREQ=MONTHLY;BYDAY=2TU");
    expect(rule({ kind: "monthlyWeekday", setPos: -1, weekday: "FR" })).toBe("FREQ=MONTHLY;BYDAY=-1FR");
  });

  it("ends after N times or at the end of a day in the window's zone, in UTC", () => {
    expect(rule({ kind: "weekly", weekdays: ["TU"], end: "count", count: 6 })).toBe("FREQ=WEEKLY;BYDAY=TU;COUNT=6");
    expect(rule({ kind: "daily", end: "until", until: "2027-12-31" })).toBe("FREQ=DAILY;UNTIL=20271231T235959Z");
    expect(rule({ kind: "daily", end: "until", until: "2027-12-31" }, "Europe/Berlin")).toBe("FREQ=DAILY;UNTIL=20271231T225959Z");
    // Summer time: two hours ahead of UTC.
    expect(untilOf("2027-07-01", "Europe/Berlin")).toBe("20270701T215959Z");
  });
});

describe("defaultRecurrence", () => {
  it("follows the start date", () => {
    expect(base).toMatchObject({ weekdays: ["TU"], monthDay: 1, setPos: 1, weekday: "TU" });
    expect(defaultRecurrence("2026-12-29T10:00")).toMatchObject({ setPos: -1, weekday: "TU", monthDay: 29 });
  });
});

describe("fromRrule", () => {
  it("reads back what toRrule writes", () => {
    for (const r of ["FREQ=DAILY;INTERVAL=2", "FREQ=WEEKLY;BYDAY=TU,TH", "FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3", "FREQ=DAILY;UNTIL=20271231T225959Z"]) {
      expect(toRrule(fromRrule(r, START, "Europe/Berlin"), "Europe/Berlin")).toBe(r);
    }
  });

  it("keeps a rule it cannot model as written", () => {
    const r = fromRrule("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", START, "UTC");
    expect(r.kind).toBe("custom");
    expect(toRrule(r, "UTC")).toBe("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2");
  });
});
