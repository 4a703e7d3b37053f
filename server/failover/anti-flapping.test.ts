import { describe, expect, it } from "vitest";
import { brakeVerdict, cooldownVerdict } from "./anti-flapping";

const t0 = new Date("2026-01-01T00:00:00Z");
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe("cooldown", () => {
  it("allows a group that never failed over automatically, or has no cooldown", () => {
    expect(cooldownVerdict(null, 600, t0)).toEqual({ ok: true });
    expect(cooldownVerdict(t0, 0, at(1))).toEqual({ ok: true });
  });

  it("refuses within cooldownSeconds of the last automatic failover, and allows from then on", () => {
    const v = cooldownVerdict(t0, 600, at(599.5));
    expect(v.ok).toBe(false);
    expect(!v.ok && v.reason).toMatch(/in cooldown.*1s of the 600s cooldown remain/);
    expect(cooldownVerdict(t0, 600, at(600))).toEqual({ ok: true });
    expect(cooldownVerdict(t0, 600, at(3600))).toEqual({ ok: true });
  });
});

describe("fleet-wide brake", () => {
  const brake = { max: 3, windowMs: 10 * 60_000 };

  it("allows up to max automatic failovers within the window", () => {
    expect(brakeVerdict([], brake, t0)).toEqual({ ok: true });
    expect(brakeVerdict([at(-10), at(-5)], brake, t0)).toEqual({ ok: true });
  });

  it("refuses the next one once max happened within the window, and waits for a person", () => {
    const v = brakeVerdict([at(-500), at(-100), at(-1)], brake, t0);
    expect(v.ok).toBe(false);
    expect(!v.ok && v.reason).toMatch(/fleet-wide brake: 3 automatic failovers in the last 10 minutes \(limit 3\); waiting for a person/);
  });

  it("forgets failovers older than the window", () => {
    expect(brakeVerdict([at(-600), at(-601), at(-1)], brake, t0)).toEqual({ ok: true });
    expect(brakeVerdict([at(-599), at(-300), at(-1)], brake, t0).ok).toBe(false);
    // The clock moves on: the oldest leaves the window.
    expect(brakeVerdict([at(-599), at(-300), at(-1)], brake, at(2))).toEqual({ ok: true });
  });
});
