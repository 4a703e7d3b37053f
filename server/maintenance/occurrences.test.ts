import { describe, expect, it } from "vitest";
import { activeOccurrence, describeRecurrence, localOf, nextOccurrence, occurrencesBetween, parseRrule, placeLocal, RruleError, type WindowTiming } from "./occurrences";

const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");
const starts = (w: WindowTiming, from: string, to: string) => occurrencesBetween(w, new Date(from), new Date(to)).map((o) => iso(o.start));
const spans = (w: WindowTiming, from: string, to: string) => occurrencesBetween(w, new Date(from), new Date(to)).map((o) => `${iso(o.start)}/${iso(o.end)}`);

describe("a one-off window", () => {
  it("is placed in its zone", () => {
    const w: WindowTiming = { localStart: "2026-12-01T02:30", timezone: "Europe/Berlin", durationMinutes: 60, rrule: null };
    expect(spans(w, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z")).toEqual(["2026-12-01T01:30:00Z/2026-12-01T02:30:00Z"]);
  });

  it("starting at 02:30 on a night without 02:30 runs from the same instant as RFC 5545's DATE-TIME (03:30 CEST)", () => {
    expect(iso(placeLocal("2026-03-29T02:30", "Europe/Berlin"))).toBe("2026-03-29T01:30:00Z");
    expect(localOf(placeLocal("2026-03-29T02:30", "Europe/Berlin"), "Europe/Berlin")).toBe("2026-03-29T03:30");
  });
});

describe("daily windows across DST changes", () => {
  it("Europe/Berlin spring forward: 02:30 every night, the missing night runs at 03:30 CEST, then 02:30 CEST again", () => {
    const w: WindowTiming = { localStart: "2026-03-27T02:30", timezone: "Europe/Berlin", durationMinutes: 60, rrule: "FREQ=DAILY" };
    expect(starts(w, "2026-03-27T00:00:00Z", "2026-03-31T00:00:00Z")).toEqual([
      "2026-03-27T01:30:00Z", // 02:30 CET
      "2026-03-28T01:30:00Z", // 02:30 CET
      "2026-03-29T01:30:00Z", // no 02:30: 03:30 CEST
      "2026-03-30T00:30:00Z", // 02:30 CEST
    ]);
  });

  it("Europe/Berlin fall back: 02:30 happens twice that night; the window runs once, at the first", () => {
    const w: WindowTiming = { localStart: "2026-10-24T02:30", timezone: "Europe/Berlin", durationMinutes: 30, rrule: "FREQ=DAILY" };
    expect(starts(w, "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z")).toEqual(["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]);
  });

  it("a window spanning the repeated hour lasts its elapsed duration", () => {
    const w: WindowTiming = { localStart: "2026-10-25T01:00", timezone: "Europe/Berlin", durationMinutes: 180, rrule: null };
    const [o] = occurrencesBetween(w, new Date("2026-10-24T00:00:00Z"), new Date("2026-10-26T00:00:00Z"));
    expect(o!.end.getTime() - o!.start.getTime()).toBe(3 * 3600_000);
    expect(localOf(o!.start, "Europe/Berlin")).toBe("2026-10-25T01:00");
    expect(localOf(o!.end, "Europe/Berlin")).toBe("2026-10-25T03:00"); // 01:00 CEST + 3 h = 03:00 CET (02:xx came twice)
  });

  it("America/New_York: both transitions", () => {
    const spring: WindowTiming = { localStart: "2027-03-13T02:30", timezone: "America/New_York", durationMinutes: 60, rrule: "FREQ=DAILY" };
    expect(starts(spring, "2027-03-13T00:00:00Z", "2027-03-16T00:00:00Z")).toEqual(["2027-03-13T07:30:00Z", "2027-03-14T07:30:00Z", "2027-03-15T06:30:00Z"]);
    const fall: WindowTiming = { localStart: "2026-10-31T01:30", timezone: "America/New_York", durationMinutes: 60, rrule: "FREQ=DAILY" };
    expect(starts(fall, "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z")).toEqual(["2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]);
  });
});

describe("weekly and monthly rules", () => {
  it("weekly on chosen days, in local time across the change", () => {
    const w: WindowTiming = { localStart: "2026-10-20T22:00", timezone: "Europe/Berlin", durationMinutes: 120, rrule: "FREQ=WEEKLY;BYDAY=TU,TH" };
    expect(starts(w, "2026-10-20T00:00:00Z", "2026-10-30T00:00:00Z")).toEqual(["2026-10-20T20:00:00Z", "2026-10-22T20:00:00Z", "2026-10-27T21:00:00Z", "2026-10-29T21:00:00Z"]);
  });

  it('"second Tuesday" of each month', () => {
    const w: WindowTiming = { localStart: "2026-11-10T22:00", timezone: "America/New_York", durationMinutes: 60, rrule: "FREQ=MONTHLY;BYDAY=2TU" };
    expect(starts(w, "2026-11-01T00:00:00Z", "2027-04-01T00:00:00Z").map((s) => localOf(new Date(s), "America/New_York"))).toEqual([
      "2026-11-10T22:00", "2026-12-08T22:00", "2027-01-12T22:00", "2027-02-09T22:00", "2027-03-09T22:00",
    ]);
  });

  it('"last Friday" of each month', () => {
    const w: WindowTiming = { localStart: "2026-11-27T20:00", timezone: "Europe/Berlin", durationMinutes: 60, rrule: "FREQ=MONTHLY;BYDAY=-1FR" };
    expect(starts(w, "2026-11-01T00:00:00Z", "2027-04-01T00:00:00Z").map((s) => localOf(new Date(s), "Europe/Berlin").slice(0, 10))).toEqual(["2026-11-27", "2026-12-25", "2027-01-29", "2027-02-26", "2027-03-26"]);
  });

  it("month end: the last day of each month (BYMONTHDAY=-1), while day 31 skips short months", () => {
    const last: WindowTiming = { localStart: "2026-01-31T20:00", timezone: "Europe/Berlin", durationMinutes: 60, rrule: "FREQ=MONTHLY;BYMONTHDAY=-1" };
    expect(starts(last, "2026-01-01T00:00:00Z", "2026-05-01T00:00:00Z").map((s) => localOf(new Date(s), "Europe/Berlin").slice(0, 10))).toEqual(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]);
    const day31: WindowTiming = { ...last, rrule: "FREQ=MONTHLY;BYMONTHDAY=31" };
    expect(starts(day31, "2026-01-01T00:00:00Z", "2026-05-01T00:00:00Z").map((s) => localOf(new Date(s), "Europe/Berlin").slice(0, 10))).toEqual(["2026-01-31", "2026-03-31"]);
  });

  it("COUNT and UNTIL bound the series (UNTIL is an instant)", () => {
    const w: WindowTiming = { localStart: "2026-12-01T02:00", timezone: "Europe/Berlin", durationMinutes: 60, rrule: "FREQ=DAILY;COUNT=3" };
    expect(starts(w, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z")).toHaveLength(3);
    const u: WindowTiming = { ...w, rrule: "FREQ=DAILY;UNTIL=20261203T010000Z" };
    expect(starts(u, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z")).toEqual(["2026-12-01T01:00:00Z", "2026-12-02T01:00:00Z", "2026-12-03T01:00:00Z"]);
  });
});

describe("running, ending early, cancelling", () => {
  const w: WindowTiming = { localStart: "2026-12-01T02:00", timezone: "UTC", durationMinutes: 120, rrule: "FREQ=DAILY" };

  it("knows the occurrence running now and the next one", () => {
    expect(activeOccurrence(w, new Date("2026-12-02T03:00:00Z"))).toEqual({ start: new Date("2026-12-02T02:00:00Z"), end: new Date("2026-12-02T04:00:00Z") });
    expect(activeOccurrence(w, new Date("2026-12-02T04:00:00Z"))).toBeNull();
    expect(nextOccurrence(w, new Date("2026-12-02T03:00:00Z"))!.start).toEqual(new Date("2026-12-03T02:00:00Z"));
  });

  it("an occurrence ended early ends then; the next ones are untouched", () => {
    const ended = { ...w, endedOccurrence: new Date("2026-12-02T02:00:00Z"), endedAt: new Date("2026-12-02T02:30:00Z") };
    expect(activeOccurrence(ended, new Date("2026-12-02T03:00:00Z"))).toBeNull();
    expect(activeOccurrence(ended, new Date("2026-12-03T03:00:00Z"))).not.toBeNull();
  });

  it("a cancelled window has no occurrences after the cancellation, and the running one stops then", () => {
    const c = { ...w, cancelledAt: new Date("2026-12-02T03:00:00Z") };
    expect(spans(c, "2026-12-01T00:00:00Z", "2026-12-10T00:00:00Z")).toEqual(["2026-12-01T02:00:00Z/2026-12-01T04:00:00Z", "2026-12-02T02:00:00Z/2026-12-02T03:00:00Z"]);
  });
});

describe("rules Tandem accepts", () => {
  it("refuses what it does not support, clearly", () => {
    expect(() => parseRrule("FREQ=HOURLY")).toThrow(/FREQ must be DAILY, WEEKLY or MONTHLY/);
    expect(() => parseRrule("FREQ=DAILY;BYHOUR=3")).toThrow(/BYHOUR is not supported/);
    expect(() => parseRrule("FREQ=WEEKLY;BYDAY=XX")).toThrow(RruleError);
    expect(() => parseRrule("FREQ=DAILY;COUNT=2;UNTIL=20270101T000000Z")).toThrow(/cannot both/);
    expect(() => parseRrule("FREQ=DAILY;UNTIL=2027-01-01")).toThrow(/UNTIL must be/);
  });

  it("describes a rule for people", () => {
    expect(describeRecurrence({ localStart: "2026-12-01T02:30", timezone: "Europe/Berlin", rrule: "FREQ=MONTHLY;BYDAY=2TU" })).toBe("every month on 2nd Tuesday at 2:30 AM (Europe/Berlin)");
    expect(describeRecurrence({ localStart: "2026-12-01T02:30", timezone: "Europe/Berlin", rrule: null })).toBe("once");
  });
});
