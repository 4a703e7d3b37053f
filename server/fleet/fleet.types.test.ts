import { describe, expect, it } from "vitest";
import { applyDelta, encodeDelta, type TFleetHost } from "./fleet.types";

const base: TFleetHost = { id: "a", name: "web-1", address: "10.0.0.1", site: null, tags: [], enabled: true, pollMs: 5000, state: "UP", health: "UP", since: 1, reason: null, lastSampleAt: 1000, cpu: 1, mem: 2, disk: 3, load1: 0.1, lag: null, maintenance: null };

describe("fleet deltas", () => {
  it("carry the maintenance window and the live health: MAINTENANCE is shown, the health stays readable", () => {
    const inWindow: TFleetHost = { ...base, state: "MAINTENANCE", health: "DOWN", reason: "connection refused", maintenance: { windowId: "w1", title: "kernel patching", startedAt: 100, endsAt: 1_900 } };
    const after = applyDelta(base, encodeDelta(inWindow));
    expect(after).toEqual(inWindow);
    // The window ends: its health shows again.
    expect(applyDelta(after, encodeDelta({ ...inWindow, state: "DOWN", maintenance: null }))).toMatchObject({ state: "DOWN", health: "DOWN", maintenance: null });
  });
});
