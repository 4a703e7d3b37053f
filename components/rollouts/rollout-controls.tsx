"use client";

import { useId, useState, type FormEvent } from "react";
import { TextAreaField } from "@/components/ui/field";
import { QueryError } from "@/components/ui/messages";
import { useRolloutAction } from "./queries";
import type { TRollout } from "./types";
import ops from "@/components/operations/operations.module.css";
import { useModal } from "@/components/ui/use-modal";

/** Abort: a modal asking why, recorded in the audit log with the abort. */
function AbortDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const ref = useModal();
  const titleId = useId();
  const abort = useRolloutAction(id, "abort");
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!reason.trim()) {
      setReasonError("Say why you are aborting.");
      return;
    }
    setReasonError(undefined);
    abort.mutate(reason.trim(), { onSuccess: onClose });
  }

  return (
    <dialog
      ref={ref}
      className={ops.dialog}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!abort.isPending) onClose();
      }}
    >
      <form className={`form ${ops.dialogBody}`} onSubmit={submit} noValidate>
        <h2 id={titleId}>Abort this rollout?</h2>
        <p className="muted">No new host starts. Hosts being patched finish their current step and are put back in service; hosts not reached are skipped.</p>
        <TextAreaField label="Reason" rows={2} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} error={reasonError} autoFocus />
        <QueryError result={abort} />
        <div className="form-actions">
          <button type="submit" className="btn btn-danger-solid" disabled={abort.isPending}>
            {abort.isPending ? "Aborting…" : "Abort rollout"}
          </button>
          <button type="button" className="btn" onClick={onClose} disabled={abort.isPending}>
            Keep it running
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** Running: pause and abort. Paused: resume and abort. Ended: nothing. */
export function RolloutControls({ rollout }: { rollout: TRollout }) {
  const pause = useRolloutAction(rollout.id, "pause");
  const resume = useRolloutAction(rollout.id, "resume");
  const [aborting, setAborting] = useState(false);
  const running = rollout.state === "RUNNING" || rollout.state === "PLANNED";
  const paused = rollout.state === "PAUSED";
  if (!running && !paused) return null;
  return (
    <div className="stack">
      {paused ? (
        <div className="notice notice-warning" role="status">
          Paused: no new host starts until the rollout is resumed. {rollout.outcome ?? ""}
        </div>
      ) : null}
      <div className={ops.controls}>
        {running ? (
          <button type="button" className="btn" disabled={pause.isPending} onClick={() => pause.mutate("")}>
            {pause.isPending ? "Pausing…" : "Pause"}
          </button>
        ) : null}
        {paused ? (
          <button type="button" className="btn btn-primary" disabled={resume.isPending} onClick={() => resume.mutate("")}>
            {resume.isPending ? "Resuming…" : "Resume"}
          </button>
        ) : null}
        <button type="button" className="btn btn-danger" onClick={() => setAborting(true)}>
          Abort…
        </button>
      </div>
      <QueryError result={pause} />
      <QueryError result={resume} />
      {aborting ? <AbortDialog id={rollout.id} onClose={() => setAborting(false)} /> : null}
    </div>
  );
}
