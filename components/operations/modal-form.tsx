"use client";

import { useId, type FormEvent, type ReactNode } from "react";
import { useModal } from "@/components/ui/use-modal";
import styles from "./operations.module.css";

/**
 * An operation's confirmation: a modal <dialog> (focus trapped, Escape
 * closes it unless `busy`) holding one titled form.
 */
export function ModalForm({ title, busy, onClose, onSubmit, children }: { title: ReactNode; busy: boolean; onClose: () => void; onSubmit: (e: FormEvent<HTMLFormElement>) => void; children: ReactNode }) {
  const ref = useModal();
  const titleId = useId();
  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form onSubmit={onSubmit} className={`form ${styles.dialogBody}`} noValidate>
        <h2 id={titleId}>{title}</h2>
        {children}
      </form>
    </dialog>
  );
}

/** The confirmation's buttons: start (danger-coloured when it changes things for real), "Starting…" while busy, and Cancel. */
export function ModalActions({ label, danger, busy, pending, onClose }: { label: string; danger: boolean; busy: boolean; pending: boolean; onClose: () => void }) {
  return (
    <div className="form-actions">
      <button type="submit" className={danger ? "btn btn-danger-solid" : "btn btn-primary"} disabled={busy}>
        {busy ? "Starting…" : label}
      </button>
      <button type="button" className="btn" onClick={onClose} disabled={pending}>
        Cancel
      </button>
    </div>
  );
}
