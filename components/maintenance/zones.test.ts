import { describe, expect, it } from "vitest";
import { formatInZones, formatRangeInZones, fromLocalInput, toLocalInput, wallClock } from "./zones";

const NOW = new Date("2026-11-26T12:00:00Z");

describe("formatInZones", () => {
  it("shows the window's zone, then the viewer's, labelled", () => {
    expect(formatInZones("2026-12-01T01:30:00Z", { windowZone: "Europe/Berlin", viewerZone: "America/New_York", now: NOW })).toBe(
      "Tue 1 Dec 02:30 Europe/Berlin · Mon 30 Nov 20:30 America/New_York (yours)",
    );
    expect(formatInZones("2026-12-01T13:30:00Z", { windowZone: "Europe/Berlin", viewerZone: "America/New_York", now: NOW })).toBe(
      "Tue 1 Dec 14:30 Europe/Berlin · 08:30 America/New_York (yours)",
    );
  });

  it("shows one zone when both are the same", () => {
    expect(formatInZones("2026-12-01T01:30:00Z", { windowZone: "Europe/Berlin", viewerZone: "Europe/Berlin", now: NOW })).toBe("Tue 1 Dec 02:30 Europe/Berlin");
  });

  it("adds the year when it is not this year's", () => {
    expect(formatInZones("2027-01-05T09:00:00Z", { windowZone: "UTC", viewerZone: "UTC", now: NOW })).toBe("Tue 5 Jan 2027 09:00 UTC");
  });

  it("follows DST: the same UTC time is an hour apart in Berlin before and after 29 March 2026", () => {
    const opts = { windowZone: "Europe/Berlin", viewerZone: "UTC", now: NOW };
    expect(formatInZones("2026-03-28T01:30:00Z", opts)).toBe("Sat 28 Mar 02:30 Europe/Berlin · 01:30 UTC (yours)");
    expect(formatInZones("2026-03-29T01:30:00Z", opts)).toBe("Sun 29 Mar 03:30 Europe/Berlin · 01:30 UTC (yours)");
  });
});

describe("formatRangeInZones", () => {
  it("shows start and end in both zones, with the end's day when it differs", () => {
    expect(formatRangeInZones("2026-12-01T22:00:00Z", "2026-12-02T00:00:00Z", { windowZone: "UTC", viewerZone: "Asia/Tokyo", now: NOW })).toBe(
      "Tue 1 Dec 22:00–Wed 2 Dec 00:00 UTC · Wed 2 Dec 07:00–09:00 Asia/Tokyo (yours)",
    );
  });

  it("a 3 h window over the fall-back hour ends at a wall time two hours later", () => {
    // 25 October 2026: Berlin goes from 03:00 CEST back to 02:00 CET.
    expect(formatRangeInZones("2026-10-25T00:00:00Z", "2026-10-25T03:00:00Z", { windowZone: "Europe/Berlin", viewerZone: "Europe/Berlin", now: NOW })).toBe(
      "Sun 25 Oct 02:00–04:00 Europe/Berlin",
    );
  });
});

describe("wall clock conversions", () => {
  it("round-trips a wall clock through an instant", () => {
    const at = fromLocalInput("2026-12-01T02:30", "Europe/Berlin");
    expect(at.toISOString()).toBe("2026-12-01T01:30:00.000Z");
    expect(toLocalInput(at, "Europe/Berlin")).toBe("2026-12-01T02:30");
    expect(toLocalInput(at, "America/New_York")).toBe("2026-11-30T20:30");
  });

  it("places summer and winter times with their own offsets", () => {
    expect(fromLocalInput("2026-07-01T12:00", "America/New_York").toISOString()).toBe("2026-07-01T16:00:00.000Z");
    expect(fromLocalInput("2026-01-01T12:00", "America/New_York").toISOString()).toBe("2026-01-01T17:00:00.000Z");
  });

  it("moves a time in the spring-forward gap forward by the gap", () => {
    // 29 March 2026, 02:30 does not exist in Berlin: it runs at 03:30 CEST.
    expect(fromLocalInput("2026-03-29T02:30", "Europe/Berlin").toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("places a time in the fall-back hour at its first occurrence", () => {
    // 25 October 2026, 02:30 happens twice in Berlin: first in CEST (00:30 UTC).
    expect(fromLocalInput("2026-10-25T02:30", "Europe/Berlin").toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(fromLocalInput("2026-11-01T01:30", "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
  });

  it("gives weekdays with Sunday as 0", () => {
    expect(wallClock(new Date("2026-11-29T12:00:00Z"), "UTC").weekday).toBe(0);
  });
});
