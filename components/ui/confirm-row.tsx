"use client";

import type { ReactNode } from "react";
import { QueryError } from "./messages";

/** The row an action opens under a table row: an edit form, a test result, a confirm step. */
export function DetailRow({ id, colSpan, wrap, children }: { id: string; colSpan: number; wrap?: boolean; children: ReactNode }) {
  return (
    <tr id={id} className="confirm-row">
      <td colSpan={colSpan} className={wrap ? "wrap" : undefined}>
        {children}
      </td>
    </tr>
  );
}

/** For a button that opens and closes the detail row `rowId`; `describedBy` names the row it acts on. */
export function detailToggle(open: boolean, rowId: string, describedBy: string) {
  return { "aria-expanded": open, "aria-controls": open ? rowId : undefined, "aria-describedby": describedBy };
}

/** The confirm step under a table row: a question, a destructive "Yes", and Cancel (focused first). */
export function ConfirmRow({
  id,
  colSpan,
  question,
  describedBy,
  confirmLabel,
  pendingLabel,
  action,
  onConfirm,
  onCancel,
}: {
  id: string;
  colSpan: number;
  question: ReactNode;
  describedBy?: string;
  confirmLabel: string;
  pendingLabel: string;
  /** The mutation confirming runs: its progress and failure are shown here. */
  action: { isPending: boolean; isError: boolean; error: unknown };
  /** Null hides the confirm button (the action is not possible); the question says why. */
  onConfirm: (() => void) | null;
  onCancel: () => void;
}) {
  return (
    <DetailRow id={id} colSpan={colSpan}>
      <div className="confirm" role="group" aria-labelledby={`${id}-q`} aria-describedby={describedBy}>
        <span id={`${id}-q`}>{question}</span>
        {onConfirm ? (
          <button type="button" className="btn btn-sm btn-danger-solid" onClick={onConfirm} disabled={action.isPending}>
            {action.isPending ? pendingLabel : confirmLabel}
          </button>
        ) : null}
        <button type="button" className="btn btn-sm" autoFocus onClick={onCancel}>
          {onConfirm ? "Cancel" : "Close"}
        </button>
      </div>
      <QueryError result={action} />
    </DetailRow>
  );
}
