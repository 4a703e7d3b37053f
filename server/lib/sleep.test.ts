import { describe, expect, it } from "vitest";
import { getEventListeners } from "node:events";
import { sleep } from "./sleep";

describe("sleep", () => {
  it("ends early when its signal aborts, and leaves no listener behind when it ends on time", async () => {
    const c = new AbortController();
    for (let i = 0; i < 20; i++) await sleep(1, c.signal);
    expect(getEventListeners(c.signal, "abort")).toHaveLength(0);
    const t0 = Date.now();
    const long = sleep(60_000, c.signal);
    c.abort();
    await long;
    expect(Date.now() - t0).toBeLessThan(5_000);
    await sleep(60_000, c.signal); // already aborted: at once
  });
});
