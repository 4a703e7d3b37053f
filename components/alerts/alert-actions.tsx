"use client";

import { useId, useState } from "react";
import { QueryError } from "@/components/ui/messages";
import { useAlertAction } from "./queries";
import type { TAlert } from "./types";
import styles from "./alerts.module.css";

/**
 * Acknowledge and Resolve for one alert, with an optional comment sent with
 * either. `compact` (toasts) leaves the comment out.
 */
export function AlertActions({ alert, compact, onDone }: { alert: Pick<TAlert, "id" | "state" | "title">; compact?: boolean; onDone?: () => void }) {
  const ack = useAlertAction("ack");
  const resolve = useAlertAction("resolve");
  const [comment, setComment] = useState("");
  const [commenting, setCommenting] = useState(false);
  const inputId = useId();
  const pending = ack.isPending || resolve.isPending;
  if (alert.state === "RESOLVED") return null;
  const run = (m: typeof ack) => m.mutate({ id: alert.id, comment: comment.trim() || undefined }, { onSuccess: () => onDone?.() });

  return (
    <div className={styles.actions}>
      {commenting && !compact ? (
        <div className={styles.comment}>
          <label htmlFor={inputId} className="visually-hidden">
            Comment on {alert.title}
          </label>
          <input id={inputId} className="input" maxLength={500} placeholder="Comment (optional)" value={comment} onChange={(e) => setComment(e.target.value)} autoFocus />
        </div>
      ) : null}
      <div className={styles.actionButtons}>
        {alert.state === "FIRING" ? (
          <button type="button" className="btn btn-sm btn-primary" disabled={pending} onClick={() => run(ack)}>
            {ack.isPending ? "Acknowledging…" : "Acknowledge"}
          </button>
        ) : null}
        <button type="button" className="btn btn-sm" disabled={pending} onClick={() => run(resolve)}>
          {resolve.isPending ? "Resolving…" : "Resolve"}
        </button>
        {!compact && !commenting ? (
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setCommenting(true)}>
            Add comment
          </button>
        ) : null}
      </div>
      <QueryError result={ack.isError ? ack : resolve} />
    </div>
  );
}
