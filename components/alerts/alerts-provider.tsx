"use client";

// The tab's live alerts: one "alerts" room subscription shared by the header
// counter, the notification centre and the toasts. Mounted once by the app layout.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useState, type ReactNode } from "react";
import { Toaster } from "sonner";
import type { TRole } from "@/components/api/types";
import { useRoom, type RoomState } from "@/components/realtime/socket-provider";
import { dismissToast, showFireToast, showResolvedToast } from "./alert-toasts";
import { applyChange, applySnapshot, EMPTY_ALERTS, toastFor, type AlertsState } from "./alerts-state";
import { notifyInBackground } from "./browser-notifications";
import { alertKey } from "./queries";
import { ALERT_EVENTS, type TAlertChangeEvent, type TAlertsSnapshot } from "./types";

type LiveAlerts = AlertsState & { live: RoomState; canOperate: boolean };

const AlertsContext = createContext<LiveAlerts | null>(null);

export function AlertsProvider({ role, children }: { role: TRole; children: ReactNode }) {
  const [state, setState] = useState<AlertsState>(EMPTY_ALERTS);
  const queryClient = useQueryClient();
  const canOperate = role === "OPERATOR" || role === "ADMIN";

  const live = useRoom("alerts", {
    [ALERT_EVENTS.snapshot]: (payload) => setState(applySnapshot(payload as TAlertsSnapshot)),
    [ALERT_EVENTS.change]: (payload) => {
      const event = payload as TAlertChangeEvent;
      setState((s) => applyChange(s, event));
      // Side effects here, not in the updater: React may run an updater twice.
      const action = toastFor(event);
      if (action === "fire") {
        showFireToast(event.alert, canOperate);
        notifyInBackground(event.alert);
      } else if (action === "resolve") {
        showResolvedToast(event.alert);
      } else if (action === "dismiss") {
        dismissToast(event.alert);
      }
      void queryClient.invalidateQueries({ queryKey: alertKey(event.alert.id) });
    },
  });

  return (
    <AlertsContext.Provider value={{ ...state, live, canOperate }}>
      {children}
      <Toaster position="bottom-right" visibleToasts={5} gap={8} />
    </AlertsContext.Provider>
  );
}

export function useLiveAlerts(): LiveAlerts {
  const v = useContext(AlertsContext);
  if (!v) throw new Error("Live alerts need <AlertsProvider> (mounted by app/(app)/layout.tsx).");
  return v;
}
