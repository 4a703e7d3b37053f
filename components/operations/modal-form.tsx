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
