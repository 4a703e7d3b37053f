// The open alerts a tab shows (the header counter, the notification centre),
// kept from the "alerts" room: a snapshot on every (re)join, then one change
// event per alert change. Pure, so the merge rules are tested without a socket.
import type { TAlert, TAlertChangeEvent, TAlertCounts, TAlertsSnapshot } from "./types";

export type AlertsState = { ready: boolean; alerts: TAlert[]; counts: TAlertCounts | null };

export const EMPTY_ALERTS: AlertsState = { ready: false, alerts: [], counts: null };

/** What the centre lists: open, top-level (not folded into an incident) and not suppressed. */
export function belongsInCentre(a: TAlert): boolean {
  return a.state !== "RESOLVED" && a.parentId === null && !a.suppressed;
}

/** Firing before acknowledged, then newest first. */
export function compareOpen(a: TAlert, b: TAlert): number {
  if (a.state !== b.state) return a.state === "FIRING" ? -1 : b.state === "FIRING" ? 1 : 0;
  return b.firstSeenAt.localeCompare(a.firstSeenAt) || b.id.localeCompare(a.id);
}

export function applySnapshot(snapshot: TAlertsSnapshot): AlertsState {
  return { ready: true, alerts: snapshot.alerts.filter(belongsInCentre).sort(compareOpen), counts: snapshot.counts };
}

/**
 * One change: the alert replaces its older copy (or leaves the list) and the
 * counts are the server's, never computed here, so applying the same event
 * twice changes nothing.
 */
export function applyChange(state: AlertsState, event: TAlertChangeEvent): AlertsState {
  const others = state.alerts.filter((a) => a.id !== event.alert.id);
  const alerts = belongsInCentre(event.alert) ? [...others, event.alert].sort(compareOpen) : others;
  return { ready: state.ready, alerts, counts: event.counts };
}

export type ToastAction = "fire" | "resolve" | "dismiss" | null;

/**
 * What a change shows: a toast for a new or escalated alert, a short one for a
 * recovery; an acknowledged alert's toast goes away. Repeats, flapping and
 * grouping stay quiet, and so do suppressed or folded alerts.
 */
export function toastFor(event: TAlertChangeEvent): ToastAction {
  const a = event.alert;
  if (a.parentId !== null) return "dismiss";
  if (a.suppressed) return event.change === "resolved" ? "dismiss" : null;
  switch (event.change) {
    case "fired":
    case "escalated":
      return "fire";
    case "resolved":
      return "resolve";
    case "acknowledged":
      return "dismiss";
    default:
      return null;
  }
}

/** "db-fra1-a", "pg-fra1", "db-fra1-a · pg-fra1" or null: what the alert is about. */
export function subjectOf(a: Pick<TAlert, "server" | "group">): string | null {
  const parts = [a.server?.name, a.group?.name].filter(Boolean);
  return parts.length ? parts.join(" · ") : null;
}
