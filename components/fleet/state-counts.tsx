"use client";

import { DISPLAY_STATES, STATE_LABEL, STATE_MEANING, type DisplayState } from "./host-state";
import styles from "./fleet.module.css";

/** Shown even at zero, so the row does not shift as servers change state. */
const ALWAYS: readonly DisplayState[] = ["UP", "DEGRADED", "UNREACHABLE", "DOWN", "AGENT_ERROR"];

/** Servers per state; each count is a toggle that filters the page to that state (several can be on). */
export function StateCounts({
  counts,
  selected,
  onChange,
}: {
  counts: Record<DisplayState, number>;
  selected: DisplayState[];
  onChange: (states: DisplayState[]) => void;
}) {
  const all = DISPLAY_STATES.reduce((n, s) => n + counts[s], 0);
  const toggle = (s: DisplayState) => onChange(selected.includes(s) ? selected.filter((x) => x !== s) : DISPLAY_STATES.filter((x) => x === s || selected.includes(x)));
  return (
    <div className={styles.counts} role="group" aria-label="Servers per state; select one or more to filter">
      <button type="button" className={styles.count} aria-pressed={selected.length === 0} onClick={() => onChange([])}>
        All <strong>{all.toLocaleString()}</strong>
      </button>
      {DISPLAY_STATES.filter((s) => ALWAYS.includes(s) || counts[s] > 0 || selected.includes(s)).map((s) => (
        <button
          key={s}
          type="button"
          className={styles.count}
          data-state={s}
          data-zero={counts[s] === 0 || undefined}
          aria-pressed={selected.includes(s)}
          title={STATE_MEANING[s]}
          onClick={() => toggle(s)}
        >
          <span className="state-dot" aria-hidden="true" />
          {STATE_LABEL[s]} <strong>{counts[s].toLocaleString()}</strong>
        </button>
      ))}
    </div>
  );
}
