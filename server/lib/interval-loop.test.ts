import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { intervalLoop } from "./interval-loop";
import { createLogger } from "./logger";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("intervalLoop", () => {
  it("keeps running after a failing tick and stops when told", async () => {
    let n = 0;
    const errors: string[] = [];
    const log = { ...createLogger({ level: "error" }), error: (m: string) => errors.push(m) };
    const loop = intervalLoop("t", 1000, async () => {
      n++;
      if (n === 2) throw new Error("boom");
    }, log);
    loop.start();
    await vi.advanceTimersByTimeAsync(3500);
    expect(n).toBe(3);
    expect(errors).toEqual(["t tick failed"]);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(n).toBe(3);
  });
});
