// The lifecycle of one dedup key, pure (the clock is a parameter): what a
// signal does to the open alert, if any. Signals are level-triggered ("the
// condition is true now" / "it is not"), so a condition that persists is one
// alert, and a restart that reloads open alerts picks up where it was.
//
//   clear + open alert            -> resolve, unless the key flapped: then the alert
//                                    is marked flapping and stays open until the
//                                    condition has been clear for `quietMs` (tick)
//   active + no open alert        -> fire (flapping already when it flips too often)
//   active + open, more severe    -> escalate (back to FIRING if acknowledged)
//   active + open, flapping       -> repeat (count + 1)
//   event signal + open           -> repeat
//   active after a hand-resolve   -> nothing until the condition clears once (latched)
import { severityRank, type TSeverity } from "./alerts.types";

export type FlapPolicy = {
  /** Changes of the condition counted over this window. */
  windowMs: number;
  /** This many changes within the window: flapping. */
  changes: number;
  /** A flapping alert resolves once clear this long. */
  quietMs: number;
};
export const DEFAULT_FLAP_POLICY: FlapPolicy = { windowMs: 10 * 60_000, changes: 4, quietMs: 5 * 60_000 };

export type OpenAlert = { id: string; severity: TSeverity; title: string; acknowledged: boolean; flapping: boolean };

export type KeyState = {
  open: OpenAlert | null;
  /** The condition as last signalled. */
  active: boolean;
  /** When the condition changed (ms), within the flap window. */
  changes: number[];
  /** Cleared while flapping, since (ms). */
  clearSince: number | null;
  /** Resolved by hand while still true: do not re-fire until it clears. */
  latched: boolean;
};

export const emptyKeyState = (): KeyState => ({ open: null, active: false, changes: [], clearSince: null, latched: false });

/** An open alert reloaded after a restart: its condition is assumed still true until a signal says otherwise. */
export const reloadedKeyState = (open: OpenAlert): KeyState => ({ open, active: true, changes: [], clearSince: null, latched: false });

export type SignalFacts = { active: boolean; event: boolean; severity: TSeverity; title: string; clearedBecause?: string };

export type Decision =
  | { do: "fire"; flapping: boolean }
  | { do: "escalate" }
  | { do: "update" }
  | { do: "repeat" }
  | { do: "flapping" }
  | { do: "resolve"; why: string }
  | { do: "nothing" };

export function decide(state: KeyState, s: SignalFacts, now: number, policy: FlapPolicy = DEFAULT_FLAP_POLICY): { state: KeyState; decision: Decision } {
  const next: KeyState = { ...state, changes: state.changes.filter((t) => now - t < policy.windowMs) };

  if (s.event) {
    // Events do not clear; each one either opens an alert or counts on the open one.
    if (!s.active) return { state: next, decision: { do: "nothing" } };
    if (!next.open) return { state: next, decision: { do: "fire", flapping: false } };
    return { state: next, decision: severityRank[s.severity] > severityRank[next.open.severity] ? { do: "escalate" } : { do: "repeat" } };
  }

  const changed = s.active !== state.active;
  if (changed) next.changes = [...next.changes, now];
  next.active = s.active;
  const flappy = next.changes.length >= policy.changes;

  if (!s.active) {
    next.latched = false;
    if (!next.open) return { state: next, decision: { do: "nothing" } };
    if (next.open.flapping || flappy) {
      if (changed || next.clearSince === null) next.clearSince = now;
      return { state: next, decision: next.open.flapping ? { do: "nothing" } : { do: "flapping" } };
    }
    return { state: next, decision: { do: "resolve", why: s.clearedBecause ?? "condition cleared" } };
  }

  next.clearSince = null;
  if (next.latched) return { state: next, decision: { do: "nothing" } };
  if (!next.open) return { state: next, decision: { do: "fire", flapping: flappy } };
  const rank = severityRank[s.severity] - severityRank[next.open.severity];
  if (rank > 0) return { state: next, decision: { do: "escalate" } };
  if (rank < 0 || s.title !== next.open.title) return { state: next, decision: { do: "update" } };
  if (changed && next.open.flapping) return { state: next, decision: { do: "repeat" } };
  return { state: next, decision: { do: "nothing" } };
}

/** Time passing: a flapping alert whose condition stayed clear for `quietMs` resolves. */
export function tick(state: KeyState, now: number, policy: FlapPolicy = DEFAULT_FLAP_POLICY): Decision {
  if (state.open?.flapping && !state.active && state.clearSince !== null && now - state.clearSince >= policy.quietMs) {
    return { do: "resolve", why: `stable again for ${Math.round(policy.quietMs / 60_000)} min after flapping` };
  }
  return { do: "nothing" };
}

/** After a decision was written: the key's new open alert (or none). */
export function applyWritten(state: KeyState, d: Decision, open: OpenAlert | null): KeyState {
  if (d.do === "resolve") return { ...state, open: null, clearSince: null };
  return { ...state, open };
}

/** An operator resolved the alert by hand: if the condition still holds, wait for it to clear before firing again. */
export function resolvedByHand(state: KeyState): KeyState {
  return { ...state, open: null, clearSince: null, latched: state.active && !state.latched ? true : state.latched };
}
