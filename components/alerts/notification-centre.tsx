"use client";

import Link from "next/link";
import { useCallback } from "react";
import { formatAge, useClock } from "@/components/realtime/clock";
import { AlertActions } from "./alert-actions";
import { useLiveAlerts } from "./alerts-provider";
import { subjectOf } from "./alerts-state";
import { useBrowserNotifications } from "./browser-notifications";
import { AlertStateBadge, FlappingBadge, SeverityBadge } from "./labels";
import type { TAlert } from "./types";
import styles from "./alerts.module.css";

function Age({ iso }: { iso: string }) {
  const at = Date.parse(iso);
  const select = useCallback((now: number) => formatAge(at, now), [at]);
  const label = useClock(select, "");
  return (
    <time dateTime={iso} title={iso}>
      {label}
    </time>
  );
}

function CentreItem({ alert, canOperate }: { alert: TAlert; canOperate: boolean }) {
  const subject = subjectOf(alert);
  return (
    <li className={styles.centreItem} data-testid="centre-alert" data-alert-id={alert.id} aria-label={`${alert.title}${subject ? `, ${subject}` : ""}`}>
      <div className={styles.centreHead}>
        <SeverityBadge severity={alert.severity} />
        <Link href={`/alerts/${alert.id}`} className={styles.centreTitle}>
          {alert.title}
        </Link>
      </div>
      <div className={styles.centreMeta}>
        {subject ? <span>{subject}</span> : null}
        <Age iso={alert.firstSeenAt} />
        <AlertStateBadge state={alert.state} />
        {alert.count > 1 ? <span title="Times seen while open">×{alert.count}</span> : null}
        {alert.flapping ? <FlappingBadge /> : null}
      </div>
      {canOperate ? <AlertActions alert={alert} /> : null}
    </li>
  );
}

function BrowserNotificationsToggle() {
  const n = useBrowserNotifications();
  if (!n.supported) return null;
  return (
    <div className={styles.centreToggle}>
      <label>
        <input type="checkbox" checked={n.enabled} disabled={n.denied} onChange={(e) => void n.setEnabled(e.target.checked)} /> Browser notifications when this tab is in the background
      </label>
      {n.denied ? <p className="hint">This browser blocks Tandem&apos;s notifications; allow them in the site settings.</p> : null}
    </div>
  );
}

/** The open alerts, firing first; acknowledge or resolve them in place. */
export function NotificationCentre({ id }: { id: string }) {
  const { alerts, ready, live, canOperate } = useLiveAlerts();
  return (
    <div id={id} className={styles.centre} role="dialog" aria-label="Open alerts">
      <div className={styles.centreBar}>
        <h2>Open alerts</h2>
        <Link href="/alerts">All alerts</Link>
      </div>
      {!ready ? (
        <p className="table-state">{live.room.phase === "error" ? `Live alerts are not available: ${live.room.error?.message}` : "Connecting…"}</p>
      ) : alerts.length === 0 ? (
        <p className="table-state">No open alerts.</p>
      ) : (
        <ul className={styles.centreList} aria-label="Open alerts, firing first">
          {alerts.map((a) => (
            <CentreItem key={a.id} alert={a} canOperate={canOperate} />
          ))}
        </ul>
      )}
      <BrowserNotificationsToggle />
    </div>
  );
}
