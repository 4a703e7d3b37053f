"use client";

import type { FormEvent, ReactNode } from "react";
import { QueryError } from "@/components/ui/messages";
import styles from "./schedules.module.css";

/** A schedule form's frame: its errors first, the fields, then Save and Cancel (both held while saving). */
export function ScheduleFormFrame({
  label,
  onSubmit,
  save,
  fields,
  localError,
  onCancel,
  children,
}: {
  label: string;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  save: { isPending: boolean; isError: boolean; error: unknown };
  /** The request's field paths, for the server's messages. */
  fields: readonly string[];
  localError?: string;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <form className={`form ${styles.form}`} onSubmit={onSubmit} noValidate aria-label={label}>
      <QueryError result={save} fields={fields} />
      {localError ? <p className="field-error">{localError}</p> : null}
      {children}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save schedule"}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={save.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
