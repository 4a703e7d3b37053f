// How a host's state reads in the UI. A disabled server is not polled, so its
// last state would lie: it shows as DISABLED instead.
import type { THostState } from "@/server/health/health.types";
import type { TFleetHost } from "@/server/fleet/fleet.types";

export type DisplayState = THostState | "DISABLED";

/** The order of the state counts. */
export const DISPLAY_STATES: readonly DisplayState[] = ["UP", "DEGRADED", "UNREACHABLE", "DOWN", "AGENT_ERROR", "MAINTENANCE", "UNKNOWN", "DISABLED"];

export const STATE_LABEL: Record<DisplayState, string> = {
  UP: "Up",
  DEGRADED: "Degraded",
  UNREACHABLE: "Unreachable",
  DOWN: "Down",
  AGENT_ERROR: "Agent error",
  MAINTENANCE: "Maintenance",
  UNKNOWN: "Unknown",
  DISABLED: "Disabled",
};

export const STATE_MEANING: Record<DisplayState, string> = {
  UP: "Answering, every check within its threshold",
  DEGRADED: "Answering, but a threshold is breached",
  UNREACHABLE: "Not answering, not yet confirmed down",
  DOWN: "Confirmed down after consecutive failed polls",
  AGENT_ERROR: "Answering, but its agent output is invalid",
  MAINTENANCE: "In a maintenance window",
  UNKNOWN: "Not polled yet",
  DISABLED: "Not polled: disabled in the inventory",
};

/** Problems first: the order of "sort by state" (0 to DISPLAY_STATES.length - 1). */
const SEVERITY: Record<DisplayState, number> = { DOWN: 0, UNREACHABLE: 1, AGENT_ERROR: 2, DEGRADED: 3, UNKNOWN: 4, MAINTENANCE: 5, UP: 6, DISABLED: 7 };

export function severity(s: DisplayState): number {
  return SEVERITY[s];
}

/** `state` is MAINTENANCE already while a window covers the server (its health is in `health`). */
export function displayState(h: Pick<TFleetHost, "state" | "enabled">): DisplayState {
  return !h.enabled ? "DISABLED" : h.state;
}

export function isDisplayState(s: string): s is DisplayState {
  return Object.hasOwn(STATE_LABEL, s);
}

/** Health states whose data is expected to be fresh: stale data makes them doubtful, and the UI says so. */
export function claimsFreshData(s: DisplayState): boolean {
  return s === "UP" || s === "DEGRADED";
}
