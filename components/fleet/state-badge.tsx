import { STATE_LABEL, STATE_MEANING, type DisplayState } from "./host-state";

/** A host state as a coloured badge that always carries its name; `stale` marks a state nobody has confirmed lately. */
export function StateBadge({ state, stale = false, size = "md" }: { state: DisplayState; stale?: boolean; size?: "sm" | "md" | "lg" }) {
  return (
    <span className="state-badge" data-state={state} data-stale={stale || undefined} data-size={size} title={STATE_MEANING[state]}>
      <span className="state-dot" aria-hidden="true" />
      {STATE_LABEL[state]}
      {stale ? <span className="state-stale"> · stale</span> : null}
    </span>
  );
}
