"use client";

import type { ReactNode } from "react";
import { ErrorAlert } from "@/components/ui/messages";

/** The confirm step under a table row: a question, a destructive "Yes", and Cancel (focused first). */
export function ConfirmRow({
  id,
  colSpan,
  question,
  describedBy,
  confirmLabel,
  pendingLabel,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  id: string;
  colSpan: number;
  question: ReactNode;
  describedBy?: string;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** Null hides the confirm button (the action is not possible); the question says why. */
  error?: string | null;
  onConfirm: (() => void) | null;
  onCancel: () => void;
}) {
  return (
    <tr id={id} className="confirm-row">
      <td colSpan={colSpan}>
        <div className="confirm" role="group" aria-labelledby={`${id}-q`} aria-describedby={describedBy}>
          <span id={`${id}-q`}>{question}</span>
          {onConfirm ? (
            <button type="button" className="btn btn-sm btn-danger-solid" onClick={onConfirm} disabled={pending}>
              {pending ? pendingLabel : confirmLabel}
            </button>
          ) : null}
          <button type="button" className="btn btn-sm" autoFocus onClick={onCancel}>
            {onConfirm ? "Cancel" : "Close"}
          </button>
        </div>
        {error ? <ErrorAlert>{error}</ErrorAlert> : null}
      </td>
    </tr>
  );
}
