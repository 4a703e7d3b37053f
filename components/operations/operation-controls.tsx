"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { TextAreaField } from "@/components/ui/field";
import { QueryError } from "@/components/ui/messages";
import { OPERATIONS_KEY, operationKey } from "./queries";
import { newerOf } from "./operation-merge";
import type { TOperation } from "./types";
import styles from "./operations.module.css";

function looksLikeOperation(v: unknown): v is TOperation {
  return typeof v === "object" && v !== null && Array.isArray((v as TOperation).steps) && typeof (v as TOperation).state === "string";
}

function useOperationAction(id: string, action: "abort" | "resume") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: object) => fetchJson<unknown>(`/api/v1/operations/${encodeURIComponent(id)}/${action}`, { method: "POST", body }),
    // The answer says how the operation stood when it was accepted; the room may have streamed a later state.
    onSuccess: (result) => {
      if (looksLikeOperation(result)) queryClient.setQueryData<TOperation>(operationKey(id), (prev) => newerOf(prev, result));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: OPERATIONS_KEY }),
  });
}

/** Abort (with a reason, then a confirm step) while the operation is live; Resume or Skip while it is paused. */
export function OperationControls({ op }: { op: TOperation }) {
  const abort = useOperationAction(op.id, "abort");
  const resume = useOperationAction(op.id, "resume");
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();
  const paused = op.state === "PAUSED";

  function submitAbort(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!reason.trim()) {
      setReasonError("Say why you are aborting.");
      return;
    }
    setReasonError(undefined);
    abort.mutate({ reason: reason.trim() }, { onSuccess: () => setConfirming(false) });
  }

  return (
    <div className="stack">
      {paused ? (
        <div className="notice notice-warning" role="status">
          Paused: a step timed out or failed and Tandem is waiting for a person. Resume retries the current step; skipping it moves on to the next one.
        </div>
      ) : null}
      <div className={styles.controls}>
        {paused ? (
          <>
            <button type="button" className="btn btn-primary" disabled={resume.isPending} onClick={() => resume.mutate({ skip: false })}>
              {resume.isPending ? "Resuming…" : "Resume"}
            </button>
            <button type="button" className="btn" disabled={resume.isPending} onClick={() => resume.mutate({ skip: true })}>
              Skip step and resume
            </button>
          </>
        ) : null}
        {!confirming ? (
          <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>
            Abort…
          </button>
        ) : null}
      </div>
      <QueryError result={resume} />
      {confirming ? (
        <form id="abort-form" className={`form ${styles.abortForm}`} onSubmit={submitAbort} aria-labelledby="abort-title" noValidate>
          <h3 id="abort-title">Abort this operation?</h3>
          <p className="muted">The engine stops after the step now running and runs the rollback the plan defines.</p>
          <TextAreaField label="Reason" name="reason" rows={2} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} error={reasonError} autoFocus />
          <div className="form-actions">
            <button type="submit" className="btn btn-danger-solid" disabled={abort.isPending}>
              {abort.isPending ? "Aborting…" : "Abort operation"}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Keep it running
            </button>
          </div>
          <QueryError result={abort} />
        </form>
      ) : null}
    </div>
  );
}
