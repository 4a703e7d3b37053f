"use client";

import { useId, useState, type FormEvent } from "react";
import { QueryError } from "@/components/ui/messages";
import { useWindowAction } from "./queries";
import type { TWindow } from "./types";
import styles from "./maintenance.module.css";

const ACTIONS = {
  end: { button: "End now", confirm: "Yes, end now", pending: "Ending…", question: "End the running occurrence now? Later occurrences still run.", reasonLabel: "Reason (optional)" },
  cancel: { button: "Cancel window", confirm: "Yes, cancel it", pending: "Cancelling…", question: "Cancel this window? No occurrence of it will run again.", reasonLabel: "Reason" },
} as const;

/**
 * End now (while an occurrence runs) and Cancel, each confirmed with a reason
 * (required to cancel). For operators; `onDone` gets a message to announce.
 */
export function WindowActions({ window: w, onDone }: { window: Pick<TWindow, "id" | "title" | "status" | "activeOccurrence">; onDone?: (message: string) => void }) {
  const [open, setOpen] = useState<"end" | "cancel" | null>(null);
  const [reason, setReason] = useState("");
  const formId = useId();
  const close = () => {
    setOpen(null);
    setReason("");
  };
  const end = useWindowAction(w.id, "end", () => {
    close();
    onDone?.(`Ended the running occurrence of ${w.title}.`);
  });
  const cancel = useWindowAction(w.id, "cancel", () => {
    close();
    onDone?.(`Cancelled ${w.title}.`);
  });
  if (w.status === "cancelled" || w.status === "ended") return null;
  const mutation = open === "end" ? end : cancel;
  const text = open ? ACTIONS[open] : null;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (open === "cancel" && !reason.trim()) return;
    mutation.mutate(reason.trim());
  }

  return (
    <div className={styles.actions}>
      {!open ? (
        <div className={styles.actionButtons}>
          {w.status === "active" && w.activeOccurrence ? (
            <button type="button" className="btn btn-sm" aria-controls={formId} aria-expanded={false} onClick={() => setOpen("end")}>
              End now
            </button>
          ) : null}
          <button type="button" className="btn btn-sm btn-danger" aria-controls={formId} aria-expanded={false} onClick={() => setOpen("cancel")}>
            Cancel window
          </button>
        </div>
      ) : null}
      {open && text ? (
        <form id={formId} className={styles.confirmForm} onSubmit={submit} aria-label={`${text.button}: ${w.title}`}>
          <p>{text.question}</p>
          <label className="visually-hidden" htmlFor={`${formId}-reason`}>
            {text.reasonLabel}
          </label>
          <input
            id={`${formId}-reason`}
            className="input"
            maxLength={500}
            placeholder={text.reasonLabel}
            value={reason}
            required={open === "cancel"}
            onChange={(e) => setReason(e.target.value)}
            autoFocus
          />
          <button type="submit" className="btn btn-sm btn-danger-solid" disabled={mutation.isPending || (open === "cancel" && !reason.trim())}>
            {mutation.isPending ? text.pending : text.confirm}
          </button>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              close();
              mutation.reset();
            }}
          >
            Keep it
          </button>
        </form>
      ) : null}
      <QueryError result={mutation} />
    </div>
  );
}
