import { describe, expect, it } from "vitest";
import { alertFiltersToQuery, isoToLocalInput, parseAlertFilters } from "./history-filters";

describe("alert history filters in the URL", () => {
  it("round-trips the filters it knows and drops the rest", () => {
    const filters = { state: "RESOLVED", serverId: "10000000-0000-4000-8000-000000000001", q: "disk full", from: "2026-11-26T10:00:00+01:00" };
    const query = alertFiltersToQuery(filters);
    expect(parseAlertFilters(new URLSearchParams(query))).toEqual(filters);
    expect(parseAlertFilters(new URLSearchParams("state=&bogus=1&severity=CRITICAL"))).toEqual({ severity: "CRITICAL" });
  });

  it("shows an ISO time in a datetime-local input, in the browser's zone", () => {
    const d = new Date(2026, 10, 26, 9, 5);
    expect(isoToLocalInput(d.toISOString())).toBe("2026-11-26T09:05");
    expect(isoToLocalInput(undefined)).toBe("");
    expect(isoToLocalInput("not a date")).toBe("");
  });
});
