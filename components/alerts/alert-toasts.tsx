"use client";

// The toasts of live alert changes. Rendered inside <Toaster>, which the
// alerts provider mounts, so they share its query client and router.
import Link from "next/link";
import { toast } from "sonner";
import { AlertActions } from "./alert-actions";
import { subjectOf } from "./alerts-state";
import { SeverityBadge } from "./labels";
import type { TAlert } from "./types";
import styles from "./alerts.module.css";

/** Non-critical toasts go by themselves; a critical one stays until someone deals with it. */
const AUTO_DISMISS_MS = 8_000;
const RESOLVED_MS = 5_000;

function FireToast({ alert, canOperate }: { alert: TAlert; canOperate: boolean }) {
  const subject = subjectOf(alert);
  const close = () => toast.dismiss(alert.id);
  return (
    <div className={styles.toast} data-testid="alert-toast" data-alert-id={alert.id} data-severity={alert.severity}>
      <div className={styles.toastHead}>
        <SeverityBadge severity={alert.severity} />
        <strong className={styles.toastTitle}>{alert.title}</strong>
        <button type="button" className={`btn btn-ghost btn-sm ${styles.toastClose}`} aria-label={`Dismiss ${alert.title}`} onClick={close}>
          ×
        </button>
      </div>
      {subject ? <p className={styles.toastSubject}>{subject}</p> : null}
      <div className={styles.toastFoot}>
        {canOperate ? <AlertActions alert={alert} compact onDone={close} /> : null}
        <Link href={`/alerts/${alert.id}`} className="btn btn-sm btn-ghost" onClick={close}>
          View
        </Link>
      </div>
    </div>
  );
}

function ResolvedToast({ alert }: { alert: TAlert }) {
  const subject = subjectOf(alert);
  return (
    <div className={`${styles.toast} ${styles.toastResolved}`} data-testid="alert-resolved-toast" data-alert-id={alert.id}>
      <div className={styles.toastHead}>
        <span className="badge badge-success">Resolved</span>
        <strong className={styles.toastTitle}>{alert.title}</strong>
      </div>
      {subject ? <p className={styles.toastSubject}>{subject}</p> : null}
      <Link href={`/alerts/${alert.id}`} className="btn btn-sm btn-ghost" onClick={() => toast.dismiss(`${alert.id}:resolved`)}>
        View
      </Link>
    </div>
  );
}

/** A new or escalated alert: one toast per alert (an escalation replaces the first). */
export function showFireToast(alert: TAlert, canOperate: boolean): void {
  toast.custom(() => <FireToast alert={alert} canOperate={canOperate} />, {
    id: alert.id,
    duration: alert.severity === "CRITICAL" ? Number.POSITIVE_INFINITY : AUTO_DISMISS_MS,
  });
}

export function showResolvedToast(alert: TAlert): void {
  toast.dismiss(alert.id);
  toast.custom(() => <ResolvedToast alert={alert} />, { id: `${alert.id}:resolved`, duration: RESOLVED_MS });
}

export function dismissToast(alert: TAlert): void {
  toast.dismiss(alert.id);
}
