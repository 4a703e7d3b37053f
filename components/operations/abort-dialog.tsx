"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { TextAreaField } from "@/components/ui/field";
import { QueryError } from "@/components/ui/messages";
import { ModalForm } from "./modal-form";

/**
 * Abort: a modal asking why (recorded in the audit log with the abort), for
 * any operation with its own abort call. `onSubmit` runs it with the reason;
 * `action` is that call's state.
 */
export function AbortDialog({
  title,
  explanation,
  confirmLabel,
  action,
  onSubmit,
  onClose,
}: {
  title: string;
  explanation: ReactNode;
  confirmLabel: string;
  action: { isPending: boolean; isError: boolean; error: unknown };
  onSubmit: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!reason.trim()) {
      setReasonError("Say why you are aborting.");
      return;
    }
    setReasonError(undefined);
    onSubmit(reason.trim());
  }

  return (
    <ModalForm title={title} busy={action.isPending} onClose={onClose} onSubmit={submit}>
      <p className="muted">{explanation}</p>
      <TextAreaField label="Reason" rows={2} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} error={reasonError} autoFocus />
      <QueryError result={action} />
      <div className="form-actions">
        <button type="submit" className="btn btn-danger-solid" disabled={action.isPending}>
          {action.isPending ? "Aborting…" : confirmLabel}
        </button>
        <button type="button" className="btn" onClick={onClose} disabled={action.isPending}>
          Keep it running
        </button>
      </div>
    </ModalForm>
  );
}
