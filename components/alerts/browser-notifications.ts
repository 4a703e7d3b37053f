// "Browser notifications when this tab is in the background": a per-browser
// choice (localStorage), shown only when the tab is hidden, since a visible
// tab already toasts.
import { useCallback, useSyncExternalStore } from "react";
import { subjectOf } from "./alerts-state";
import { severityLabel } from "./labels";
import type { TAlert } from "./types";

const STORAGE_KEY = "tandem.alerts.browserNotifications";
const listeners = new Set<() => void>();

function supported(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

function enabled(): boolean {
  try {
    return supported() && Notification.permission === "granted" && localStorage.getItem(STORAGE_KEY) === "on";
  } catch {
    return false; // storage blocked
  }
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The toggle's state, and a setter that asks for permission when turning it on. */
export function useBrowserNotifications(): { supported: boolean; enabled: boolean; denied: boolean; setEnabled: (on: boolean) => Promise<void> } {
  const on = useSyncExternalStore(subscribe, enabled, () => false);
  const isSupported = useSyncExternalStore(subscribe, supported, () => false);
  const denied = useSyncExternalStore(subscribe, () => supported() && Notification.permission === "denied", () => false);
  const setEnabled = useCallback(async (next: boolean) => {
    if (next && supported() && Notification.permission === "default") await Notification.requestPermission();
    try {
      if (next) localStorage.setItem(STORAGE_KEY, "on");
      else localStorage.removeItem(STORAGE_KEY);
    } catch {
      // storage blocked: the choice lasts as long as the permission does
    }
    for (const l of [...listeners]) l();
  }, []);
  return { supported: isSupported, enabled: on, denied, setEnabled };
}

/** A fire, while this tab is in the background and the user asked for it. Tagged by alert, so an escalation replaces it. */
export function notifyInBackground(alert: TAlert): void {
  if (!enabled() || !document.hidden) return;
  const subject = subjectOf(alert);
  const n = new Notification(alert.title, { body: [severityLabel(alert.severity), subject].filter(Boolean).join(" · "), tag: alert.id });
  n.onclick = () => {
    window.focus();
    window.location.assign(`/alerts/${alert.id}`);
  };
}
