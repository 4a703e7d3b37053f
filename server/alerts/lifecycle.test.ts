import { describe, expect, it } from "vitest";
import { applyWritten, decide, emptyKeyState, reloadedKeyState, resolvedByHand, tick, type Decision, type FlapPolicy, type KeyState, type SignalFacts } from "./lifecycle";

const policy: FlapPolicy = { windowMs: 10 * 60_000, changes: 4, quietMs: 5 * 60_000 };
const on: SignalFacts = { active: true, event: false, severity: "WARNING", title: "db-1 is UNREACHABLE" };
const off: SignalFacts = { ...on, active: false };
const MIN = 60_000;

/** Plays signals through the lifecycle as the manager does, writing "alerts" in memory; returns what happened. */
function play(steps: [number, SignalFacts | "tick"][], start: KeyState = emptyKeyState()) {
  let state = start;
  let next = 1;
  const log: string[] = [];
  for (const [t, s] of steps) {
    let d: Decision;
    if (s === "tick") d = tick(state, t, policy);
    else ({ state, decision: d } = decide(state, s, t, policy));
    if (d.do === "nothing") continue;
    log.push(d.do === "fire" && d.flapping ? "fire(flapping)" : d.do);
    const open =
      d.do === "fire"
        ? { id: `a${next++}`, severity: (s as SignalFacts).severity, title: (s as SignalFacts).title, acknowledged: false, flapping: d.flapping }
        : d.do === "resolve"
          ? null
          : state.open && { ...state.open, flapping: state.open.flapping || d.do === "flapping", severity: s === "tick" ? state.open.severity : s.severity };
    state = applyWritten(state, d, open);
  }
  return { log, state };
}

describe("alert lifecycle", () => {
  it("a condition that persists is one alert: repeated signals change nothing", () => {
    const { log, state } = play([[0, on], [1000, on], [2000, on], [3000, on]]);
    expect(log).toEqual(["fire"]);
    expect(state.open?.id).toBe("a1");
  });

  it("resolves when the condition clears, and a later occurrence is a new alert", () => {
    const { log, state } = play([[0, on], [MIN, off], [30 * MIN, on]]);
    expect(log).toEqual(["fire", "resolve", "fire"]);
    expect(state.open?.id).toBe("a2");
  });

  it("escalates to a higher severity on the same alert, and only updates on a lower one", () => {
    const down = { ...on, severity: "CRITICAL" as const, title: "db-1 is DOWN" };
    expect(play([[0, on], [1000, down]]).log).toEqual(["fire", "escalate"]);
    expect(play([[0, down], [1000, on]]).log).toEqual(["fire", "update"]);
  });

  it("damps flapping: after the fourth change within the window the alert stays open, counts returns, and resolves once quiet", () => {
    const { log, state } = play([
      [0, on], // change 1: fire
      [1 * MIN, off], // change 2: resolve
      [2 * MIN, on], // change 3: fire
      [3 * MIN, off], // change 4: flapping, stays open
      [4 * MIN, on], // repeat
      [5 * MIN, off],
      [6 * MIN, on],
      [7 * MIN, off],
      [8 * MIN, "tick"], // clear for 1 min: still open
      [11 * MIN, "tick"], // clear for 4 min: still open
      [12 * MIN, "tick"], // clear for 5 min: resolved
    ]);
    expect(log).toEqual(["fire", "resolve", "fire", "flapping", "repeat", "repeat", "resolve"]);
    expect(state.open).toBeNull();
  });

  it("a condition flipping again while flapping restarts the quiet period", () => {
    const { log } = play([
      [0, on],
      [MIN, off],
      [2 * MIN, on],
      [3 * MIN, off],
      [7 * MIN, on], // back before 5 quiet minutes
      [8 * MIN, off],
      [12 * MIN, "tick"], // 4 min quiet since 8: open
      [13 * MIN, "tick"], // 5 min: resolved
    ]);
    expect(log).toEqual(["fire", "resolve", "fire", "flapping", "repeat", "resolve"]);
  });

  it("changes older than the window do not count towards flapping", () => {
    const { log } = play([[0, on], [MIN, off], [20 * MIN, on], [21 * MIN, off], [40 * MIN, on], [41 * MIN, off]]);
    expect(log).toEqual(["fire", "resolve", "fire", "resolve", "fire", "resolve"]);
  });

  it("events never clear by themselves and count up on the open alert", () => {
    const ev: SignalFacts = { active: true, event: true, severity: "CRITICAL", title: "failover refused" };
    const { log, state } = play([[0, ev], [MIN, ev], [2 * MIN, { ...ev, active: false }], [3 * MIN, ev]]);
    expect(log).toEqual(["fire", "repeat", "repeat"]);
    expect(state.open?.id).toBe("a1");
  });

  it("after a hand-resolve of a condition that still holds, it fires again only once it has cleared", () => {
    let { state } = play([[0, on]]);
    state = resolvedByHand(state);
    const after = play([[MIN, on], [2 * MIN, on], [3 * MIN, off], [4 * MIN, on]], state);
    expect(after.log).toEqual(["fire"]);
  });

  it("an alert reloaded after a restart resolves on the first clear signal", () => {
    const start = reloadedKeyState({ id: "r1", severity: "WARNING", title: on.title, acknowledged: true, flapping: false });
    expect(play([[0, on], [MIN, off]], start).log).toEqual(["resolve"]);
  });
});
