import { describe, expect, it } from "vitest";
import { dueRuns, missedRows } from "./drill-scheduler";
import { nextRunAfter, timingOf } from "./schedule-dto";

const d = (s: string) => new Date(s);
const GRACE = 5 * 60_000;
const berlin = (localStart: string, rrule = "FREQ=DAILY") => timingOf({ localStart, timezone: "Europe/Berlin", rrule });

describe("dueRuns", () => {
  it("runs the occurrence that is due and points to the next one", () => {
    const r = dueRuns(berlin("2026-11-28T03:00"), d("2026-12-01T02:00:00Z"), d("2026-12-01T02:00:15Z"), GRACE);
    expect(r).toEqual({ missed: [], run: d("2026-12-01T02:00:00Z"), next: d("2026-12-02T02:00:00Z") });
  });

  it("owes nothing before the next run", () => {
    const r = dueRuns(berlin("2026-11-28T03:00"), d("2026-12-01T02:00:00Z"), d("2026-12-01T01:59:59Z"), GRACE);
    expect(r).toEqual({ missed: [], run: null, next: d("2026-12-01T02:00:00Z") });
  });

  it("a downtime over several occurrences misses them and runs the current one within the grace", () => {
    const r = dueRuns(berlin("2026-11-28T03:00"), d("2026-12-01T02:00:00Z"), d("2026-12-04T02:04:00Z"), GRACE);
    expect(r.missed).toEqual([d("2026-12-01T02:00:00Z"), d("2026-12-02T02:00:00Z"), d("2026-12-03T02:00:00Z")]);
    expect(r.run).toEqual(d("2026-12-04T02:00:00Z"));
    expect(r.next).toEqual(d("2026-12-05T02:00:00Z"));
  });

  it("a run older than the grace is missed, not started late", () => {
    const r = dueRuns(berlin("2026-11-28T03:00"), d("2026-12-01T02:00:00Z"), d("2026-12-02T02:05:01Z"), GRACE);
    expect(r).toEqual({ missed: [d("2026-12-01T02:00:00Z"), d("2026-12-02T02:00:00Z")], run: null, next: d("2026-12-03T02:00:00Z") });
  });

  it("spring forward (Europe/Berlin): 02:30 does not exist on 29 March and runs at 03:30 CEST; then 02:30 CEST", () => {
    const t = berlin("2026-03-27T02:30");
    const r = dueRuns(t, d("2026-03-29T01:30:00Z"), d("2026-03-29T01:31:00Z"), GRACE);
    expect(r).toEqual({ missed: [], run: d("2026-03-29T01:30:00Z"), next: d("2026-03-30T00:30:00Z") });
    // Down over the change: the runs before and after it, an hour apart in UTC, are each missed once.
    const down = dueRuns(t, d("2026-03-28T01:30:00Z"), d("2026-03-31T00:31:00Z"), GRACE);
    expect(down.missed).toEqual([d("2026-03-28T01:30:00Z"), d("2026-03-29T01:30:00Z"), d("2026-03-30T00:30:00Z")]);
    expect(down.run).toEqual(d("2026-03-31T00:30:00Z"));
  });

  it("fall back (Europe/Berlin): 02:30 on 25 October runs once, at the first 02:30 (CEST)", () => {
    const t = berlin("2026-10-23T02:30");
    const r = dueRuns(t, d("2026-10-25T00:30:00Z"), d("2026-10-25T01:31:00Z"), 2 * 3600_000);
    expect(r).toEqual({ missed: [], run: d("2026-10-25T00:30:00Z"), next: d("2026-10-26T01:30:00Z") });
  });

  it("the next run is null when the series has ended", () => {
    const r = dueRuns(berlin("2026-12-01T03:00", "FREQ=DAILY;COUNT=2"), d("2026-12-02T02:00:00Z"), d("2026-12-02T02:01:00Z"), GRACE);
    expect(r).toEqual({ missed: [], run: d("2026-12-02T02:00:00Z"), next: null });
  });
});

describe("missedRows", () => {
  it("names the wall-clock time and the instant of each missed run", () => {
    expect(missedRows([d("2026-12-01T02:00:00Z")], "Europe/Berlin")).toEqual([
      { dueAt: d("2026-12-01T02:00:00Z"), detail: "Tandem was not running at 2026-12-01 03:00 Europe/Berlin (2026-12-01T02:00:00Z)" },
    ]);
  });

  it("records the newest 20 one by one and counts the rest in one row", () => {
    const missed = Array.from({ length: 25 }, (_, i) => new Date(Date.UTC(2026, 11, 1 + i, 2)));
    const rows = missedRows(missed, "Europe/Berlin");
    expect(rows).toHaveLength(21);
    expect(rows[0]).toEqual({
      dueAt: missed[0],
      detail: "Tandem was not running for 5 more runs, from 2026-12-01 03:00 Europe/Berlin (2026-12-01T02:00:00Z) to 2026-12-05 03:00 Europe/Berlin (2026-12-05T02:00:00Z)",
    });
    expect(rows.slice(1).map((r) => r.dueAt)).toEqual(missed.slice(5));
  });
});

describe("nextRunAfter", () => {
  it("finds the first run of a series that starts more than a year ahead", () => {
    expect(nextRunAfter(berlin("2031-06-01T03:00"), d("2026-12-01T00:00:00Z"))).toEqual(d("2031-06-01T01:00:00Z"));
    expect(nextRunAfter(berlin("2031-06-01T03:00", "FREQ=WEEKLY;BYDAY=MO"), d("2026-12-01T00:00:00Z"))).toEqual(d("2031-06-02T01:00:00Z"));
  });
});
