"use client";

import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { navIcons } from "@/components/shell/nav-icons";
import { useLiveAlerts } from "./alerts-provider";
import { NotificationCentre } from "./notification-centre";
import styles from "./alerts.module.css";

/** The header's bell: the number of firing alerts, red while any is critical; opens the notification centre. */
export function AlertsBell() {
  const { counts, ready, live } = useLiveAlerts();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const pathname = usePathname();

  // Following a link from the centre closes it.
  const [openPath, setOpenPath] = useState(pathname);
  if (openPath !== pathname) {
    setOpenPath(pathname);
    setOpen(false);
  }

  // Escape or a click elsewhere closes it.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onDown = (e: PointerEvent) => {
      const target = e.target as Element | null;
      // Toasts sit outside the centre but act on the same alerts.
      if (wrap.current?.contains(target) || target?.closest?.("[data-sonner-toaster]")) return;
      setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onDown);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onDown);
    };
  }, [open]);

  const firing = counts?.firing ?? 0;
  const critical = (counts?.critical ?? 0) > 0;
  // The number stays while the connection is away, but says it may be behind.
  const stale = ready && live.room.phase !== "live" ? " (reconnecting)" : "";
  const label = !ready ? "Alerts" : `Alerts: ${firing} firing${critical ? `, ${counts?.critical} critical` : ""}${stale}`;

  return (
    <div className={styles.bellWrap} ref={wrap}>
      <button
        ref={button}
        type="button"
        className={`btn btn-ghost ${styles.bell}`}
        data-testid="alert-counter"
        data-firing={ready ? firing : undefined}
        data-critical={critical || undefined}
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {navIcons.alerts}
        {firing > 0 ? (
          <span className={critical ? `${styles.bellCount} ${styles.bellCritical}` : styles.bellCount} aria-hidden="true">
            {firing > 99 ? "99+" : firing}
          </span>
        ) : null}
      </button>
      {open ? <NotificationCentre id={panelId} /> : null}
    </div>
  );
}
