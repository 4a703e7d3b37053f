"use client";

import { useState, type ReactNode } from "react";
import { QueryError } from "@/components/ui/messages";
import styles from "./operations.module.css";

type TCall = { isPending: boolean; isError: boolean; error: unknown };

/**
 * Pause and abort while running, resume and abort while paused, nothing once
 * ended: the controls of operations that pause between units of work
 * (rollouts' hosts, site operations' groups). `abortDialog` renders the
 * abort confirmation, given how to close it.
 */
export function PauseControls({
  state,
  pausedNote,
  pause,
  resume,
  abortDialog,
}: {
  state: string;
  pausedNote: ReactNode;
  pause: TCall & { run: () => void };
  resume: TCall & { run: () => void };
  abortDialog: (close: () => void) => ReactNode;
}) {
  const [aborting, setAborting] = useState(false);
  const running = state === "RUNNING" || state === "PLANNED";
  const paused = state === "PAUSED";
  if (!running && !paused) return null;
  return (
    <div className="stack">
      {paused ? (
        <div className="notice notice-warning" role="status">
          {pausedNote}
        </div>
      ) : null}
      <div className={styles.controls}>
        {running ? (
          <button type="button" className="btn" disabled={pause.isPending} onClick={pause.run}>
            {pause.isPending ? "Pausing…" : "Pause"}
          </button>
        ) : null}
        {paused ? (
          <button type="button" className="btn btn-primary" disabled={resume.isPending} onClick={resume.run}>
            {resume.isPending ? "Resuming…" : "Resume"}
          </button>
        ) : null}
        <button type="button" className="btn btn-danger" onClick={() => setAborting(true)}>
          Abort…
        </button>
      </div>
      <QueryError result={pause} />
      <QueryError result={resume} />
      {aborting ? abortDialog(() => setAborting(false)) : null}
    </div>
  );
}
