import { describe, expect, it } from "vitest";
import { analyse, type Attempt } from "./traffic";

// Writes every 100 ms from t=0, each taking 10 ms; `fail` lists the ids that failed.
function writes(n: number, fail: (id: number) => boolean, o: { duration?: (id: number) => number } = {}): Attempt[] {
  return Array.from({ length: n }, (_, i) => {
    const id = i + 1;
    const startedAt = i * 100;
    const ok = !fail(id);
    return { kind: "write" as const, id, startedAt, endedAt: startedAt + (o.duration?.(id) ?? 10), ok, ...(ok ? {} : { error: "connection refused" }) };
  });
}
const all = (n: number) => new Set(Array.from({ length: n }, (_, i) => i + 1));

describe("analyse", () => {
  it("a clean run: no failures, RTO 0, nothing lost", () => {
    const a = analyse(writes(10, () => false), { faultAt: 300, rowsPresent: all(10) });
    expect(a).toMatchObject({ writes: 10, failedWrites: 0, failedReads: 0, rtoMs: 0, outageMs: 0, lostAckedWrites: 0, lostIds: [], failedButPresent: 0 });
  });

  it("measures RTO from the fault to the first successful write after the failures, and the outage from the first failure", () => {
    // Fault at 450 ms; writes 6..10 (start 500..900) fail; write 11 (start 1000, end 1010) succeeds.
    const log = writes(20, (id) => id >= 6 && id <= 10);
    const a = analyse(log, { faultAt: 450, rowsPresent: all(20) });
    expect(a.failedWrites).toBe(5);
    expect(a.rtoMs).toBe(1010 - 450);
    expect(a.outageMs).toBe(1010 - 500);
  });

  it("counts a write that started before the fault and failed after it", () => {
    // Write 5 starts at 400, hangs until 2400 and fails; the fault was at 450; write 6 succeeds at 510.
    const log = writes(10, (id) => id === 5, { duration: (id) => (id === 5 ? 2000 : 10) });
    const a = analyse(log, { faultAt: 450, rowsPresent: all(10) });
    expect(a.rtoMs).toBe(510 - 450);
    expect(a.outageMs).toBe(510 - 400);
  });

  it("ignores failures that ended before the fault for the RTO, but counts them", () => {
    const log = writes(10, (id) => id === 2);
    const a = analyse(log, { faultAt: 500, rowsPresent: all(10) });
    expect(a.failedWrites).toBe(1);
    expect(a.rtoMs).toBe(0);
    expect(a.outageMs).toBe(210 - 100);
  });

  it("RTO is null when writes never come back; the outage runs to the end of the log", () => {
    const log = writes(10, (id) => id >= 4);
    const a = analyse(log, { faultAt: 250, rowsPresent: all(3) });
    expect(a.rtoMs).toBeNull();
    expect(a.outageMs).toBe(910 - 300);
    expect(a.lostAckedWrites).toBe(0);
  });

  it("adds up the outages of a flapping link", () => {
    const log = writes(20, (id) => id === 3 || id === 4 || id === 10);
    const a = analyse(log, { faultAt: 150, rowsPresent: all(20) });
    expect(a.rtoMs).toBe(410 - 150);
    expect(a.outageMs).toBe(410 - 200 + (1010 - 900));
  });

  it("lists acknowledged writes missing on the serving primary, and unacknowledged ones present anyway", () => {
    const log = writes(10, (id) => id === 9 || id === 10);
    const present = new Set([1, 2, 3, 4, 5, 8, 9]); // 6 and 7 were acked but lost; 9 failed but committed
    const a = analyse(log, { faultAt: 700, rowsPresent: present });
    expect(a.lostAckedWrites).toBe(2);
    expect(a.lostIds).toEqual([6, 7]);
    expect(a.failedButPresent).toBe(1);
    expect(a.rtoMs).toBeNull();
  });

  it("counts failed reads apart from writes and orders an unsorted log", () => {
    const reads: Attempt[] = [
      { kind: "read", id: 1, startedAt: 0, endedAt: 5, ok: true },
      { kind: "read", id: 2, startedAt: 100, endedAt: 1100, ok: false, error: "timeout after 1000 ms" },
    ];
    const log = [...writes(6, (id) => id === 3)].reverse().concat(reads);
    const a = analyse(log, { faultAt: 150, rowsPresent: all(6) });
    expect(a).toMatchObject({ writes: 6, reads: 2, failedWrites: 1, failedReads: 1, rtoMs: 310 - 150, outageMs: 310 - 200 });
  });
});
