import { describe, expect, it } from "vitest";
import { occurrenceStatus, placeInDay, rangeTitle, shiftAnchor, visibleDays } from "./calendar-layout";

const NOW = new Date("2026-11-26T12:00:00Z");

describe("visibleDays", () => {
  it("gives the week from Monday, in the viewer's zone", () => {
    const days = visibleDays("week", "2026-11-26", "Europe/Berlin", NOW);
    expect(days.map((d) => d.date)).toEqual(["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29"]);
    expect(days[0]?.start.toISOString()).toBe("2026-11-22T23:00:00.000Z");
    expect(days.filter((d) => d.today).map((d) => d.date)).toEqual(["2026-11-26"]);
  });

  it("frames a month with six weeks, marking the days outside it", () => {
    const days = visibleDays("month", "2026-11-26", "UTC", NOW);
    expect(days).toHaveLength(42);
    expect(days[0]?.date).toBe("2026-10-26");
    expect(days.filter((d) => d.inMonth)).toHaveLength(30);
  });

  it("a spring-forward day is 23 hours long", () => {
    const [day] = visibleDays("week", "2026-03-29", "Europe/Berlin", NOW).slice(6);
    expect(day?.date).toBe("2026-03-29");
    expect(((day?.end.getTime() ?? 0) - (day?.start.getTime() ?? 0)) / 3_600_000).toBe(23);
  });
});

describe("navigation", () => {
  it("moves by a week or a month", () => {
    expect(shiftAnchor("week", "2026-11-26", 1)).toBe("2026-12-03");
    expect(shiftAnchor("month", "2026-01-31", 1)).toBe("2026-02-01");
    expect(shiftAnchor("month", "2026-01-15", -1)).toBe("2025-12-01");
    expect(rangeTitle("month", "2026-11-26")).toBe("November 2026");
    expect(rangeTitle("week", "2026-12-30")).toBe("28 Dec – 3 Jan 2027");
  });
});

describe("placeInDay", () => {
  const [day] = visibleDays("week", "2026-11-23", "UTC", NOW);
  it("places an item by the share of the day it covers, clipped to the day", () => {
    const [a] = placeInDay(day!, [{ start: "2026-11-23T06:00:00Z", end: "2026-11-23T12:00:00Z" }]);
    expect(a).toMatchObject({ topPct: 25, heightPct: 25, lane: 0, lanes: 1 });
    const [b] = placeInDay(day!, [{ start: "2026-11-22T22:00:00Z", end: "2026-11-23T06:00:00Z" }]);
    expect(b).toMatchObject({ topPct: 0, heightPct: 25, fromBefore: true, goesOn: false });
  });

  it("puts overlapping items side by side", () => {
    const placed = placeInDay(day!, [
      { start: "2026-11-23T01:00:00Z", end: "2026-11-23T03:00:00Z" },
      { start: "2026-11-23T02:00:00Z", end: "2026-11-23T04:00:00Z" },
      { start: "2026-11-23T10:00:00Z", end: "2026-11-23T11:00:00Z" },
    ]);
    expect(placed.map((p) => [p.lane, p.lanes])).toEqual([
      [0, 2],
      [1, 2],
      [0, 1],
    ]);
  });
});

describe("occurrenceStatus", () => {
  const occ = (start: string, end: string) => ({ start, end });
  it("colours by the window's cancellation, else by time", () => {
    const w = { status: "scheduled" as const, activeOccurrence: null };
    expect(occurrenceStatus({ ...w, status: "cancelled" }, occ("2026-12-01T00:00:00.000Z", "2026-12-01T01:00:00.000Z"), NOW)).toBe("cancelled");
    expect(occurrenceStatus(w, occ("2026-12-01T00:00:00.000Z", "2026-12-01T01:00:00.000Z"), NOW)).toBe("scheduled");
    expect(occurrenceStatus(w, occ("2026-11-20T00:00:00.000Z", "2026-11-20T01:00:00.000Z"), NOW)).toBe("ended");
    const running = occ("2026-11-26T11:00:00.000Z", "2026-11-26T13:00:00.000Z");
    expect(occurrenceStatus({ status: "active", activeOccurrence: running }, running, NOW)).toBe("active");
    // Ended early: the window no longer runs it.
    expect(occurrenceStatus(w, running, NOW)).toBe("ended");
  });
});
