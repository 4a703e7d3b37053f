import { describe, expect, it } from "vitest";
import { batchesText, parseBatches } from "./batches";

describe("parseBatches", () => {
  it("reads counts and percents, ignoring spaces and empty parts", () => {
    expect(parseBatches(" 1, 10% ,25%,")).toEqual({ batches: [1, "10%", "25%"] });
    expect(parseBatches("100%")).toEqual({ batches: ["100%"] });
  });

  it("names the first part that is neither", () => {
    expect(parseBatches("1, 0%")).toEqual({ error: '"0%" is not a count or a percent like 25%.' });
    expect(parseBatches("1, 101%")).toEqual({ error: '"101%" is not a count or a percent like 25%.' });
    expect(parseBatches("0")).toEqual({ error: '"0" is not a count or a percent like 25%.' });
    expect(parseBatches("one")).toEqual({ error: '"one" is not a count or a percent like 25%.' });
    expect(parseBatches(" , ")).toEqual({ error: "Give at least one batch size." });
  });

  it("round-trips with batchesText", () => {
    expect(parseBatches(batchesText([1, "10%", 5]))).toEqual({ batches: [1, "10%", 5] });
  });
});
