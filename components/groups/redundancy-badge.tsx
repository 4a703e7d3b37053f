import type { TGroup } from "./types";

const LOOK = {
  OK: { cls: "badge-success", label: "OK", meaning: "At least one more member than the budget is in service" },
  AT_RISK: { cls: "badge-warning", label: "At risk", meaning: "Exactly the budget is in service: one more loss is an outage" },
  BROKEN: { cls: "badge-danger", label: "Broken", meaning: "Fewer members in service than the budget" },
} as const;

/** The group's redundancy state, always spelled out (colour is never the only cue). */
export function RedundancyBadge({ state }: { state: TGroup["redundancy"]["state"] }) {
  const l = LOOK[state];
  return (
    <span className={`badge badge-dot ${l.cls}`} title={l.meaning}>
      {l.label}
    </span>
  );
}

export function modeLabel(mode: TGroup["mode"]): string {
  return mode === "ACTIVE_PASSIVE" ? "Active-passive" : "Active-active";
}

/** "2 in service, budget 1". */
export function budgetText(r: TGroup["redundancy"]): string {
  return `${r.inService} in service, budget ${r.minHealthy}`;
}
