import { describe, expect, it } from "vitest";
import { capOutput, MAX_OUTPUT_BYTES, stepOutput } from "./step-output";

describe("capOutput", () => {
  it("leaves short output alone", () => {
    expect(capOutput("hello")).toBe("hello");
  });
  it("keeps the tail within 16 KB and says how much was cut", () => {
    const text = "a".repeat(20_000) + "THE END";
    const capped = capOutput(text);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(MAX_OUTPUT_BYTES);
    expect(capped.endsWith("THE END")).toBe(true);
    expect(capped).toMatch(/^\[… \d+ bytes truncated\]\n/);
  });
  it("never splits a multi-byte character", () => {
    const capped = capOutput("é".repeat(10_000), 101);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(101);
    expect(capped).not.toContain("\uFFFD");
  });
});

describe("stepOutput", () => {
  it("joins log lines and the final output", () => {
    expect(stepOutput(["one", "two"], "done")).toBe("one\ntwo\ndone");
    expect(stepOutput(["one"])).toBe("one");
  });
});
