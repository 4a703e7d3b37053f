import { describe, expect, it } from "vitest";
import { describeRamp, formatRamp, parseBudget, parseRamp } from "./ramp";

describe("parseRamp", () => {
  it("reads counts and percents separated by commas or spaces", () => {
    expect(parseRamp("1, 10%, 25%")).toEqual({ ok: true, value: [1, "10%", "25%"] });
    expect(parseRamp(" 2 50 % ")).toEqual({ ok: true, value: [2, "50%"] });
    expect(parseRamp("1;100%")).toEqual({ ok: true, value: [1, "100%"] });
  });

  it("says which size is wrong", () => {
    expect(parseRamp("1, ten")).toEqual({ ok: false, error: '"ten" is not a count or a percent like 25%.' });
    expect(parseRamp("0")).toMatchObject({ ok: false, error: expect.stringContaining("at least 1 host") });
    expect(parseRamp("1, 0%")).toMatchObject({ ok: false, error: expect.stringContaining("between 1% and 100%") });
    expect(parseRamp("150%")).toMatchObject({ ok: false });
    expect(parseRamp("-1")).toMatchObject({ ok: false });
    expect(parseRamp("1.5")).toMatchObject({ ok: false });
  });

  it("needs one size and takes at most twenty", () => {
    expect(parseRamp("  ,  ")).toMatchObject({ ok: false, error: expect.stringContaining("at least one") });
    expect(parseRamp(Array(21).fill("1").join(","))).toMatchObject({ ok: false, error: expect.stringContaining("At most 20") });
  });

  it("round-trips through formatRamp", () => {
    const sizes = [1, "10%", "25%"] as const;
    expect(formatRamp(sizes)).toBe("1, 10%, 25%");
    expect(parseRamp(formatRamp(sizes))).toEqual({ ok: true, value: sizes });
  });
});

describe("parseBudget", () => {
  it("reads none, a count or a percent", () => {
    expect(parseBudget("")).toEqual({ ok: true, value: 0 });
    expect(parseBudget("0")).toEqual({ ok: true, value: 0 });
    expect(parseBudget("2")).toEqual({ ok: true, value: 2 });
    expect(parseBudget("10%")).toEqual({ ok: true, value: "10%" });
    expect(parseBudget("x")).toMatchObject({ ok: false });
  });
});

describe("describeRamp", () => {
  it("puts the repeating size last", () => {
    expect(describeRamp([1, "10%", "25%"])).toBe("1 host, 10%, then 25% at a time");
    expect(describeRamp(["25%"])).toBe("25% at a time");
    expect(describeRamp([2, 5])).toBe("2 hosts, then 5 hosts at a time");
  });
});
