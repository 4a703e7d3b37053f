"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { OPERATIONS_KEY } from "@/components/operations/queries";
import { TextAreaField } from "@/components/ui/field";
import { QueryError } from "@/components/ui/messages";
import { DRILLS_KEY } from "./queries";

/** Halt a running drill: the operation's abort, which unwinds it and restores the original primary. */
export function HaltControl({ operationId }: { operationId: string }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();
  const halt = useMutation({
    mutationFn: (body: { reason: string }) => fetchJson<unknown>(`/api/v1/operations/${encodeURIComponent(operationId)}/abort`, { method: "POST", body }),
    // Lists only: the drill itself is kept by its room, and an HTTP answer that
    // left before the unwind ended could land after, and undo, the streamed end.
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: [...OPERATIONS_KEY, "list"] }), queryClient.invalidateQueries({ queryKey: [...DRILLS_KEY, "group"] })]),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!reason.trim()) return setReasonError("Say why you are halting the drill.");
    setReasonError(undefined);
    halt.mutate({ reason: reason.trim() }, { onSuccess: () => setConfirming(false) });
  }

  if (!confirming) {
    return (
      <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)} disabled={halt.isSuccess}>
        {halt.isSuccess ? "Halting…" : "Halt…"}
      </button>
    );
  }
  return (
    <form className="form" onSubmit={submit} aria-labelledby="halt-title" noValidate>
      <h3 id="halt-title">Halt this drill?</h3>
      <p className="muted">The step now running finishes, then Tandem unwinds the drill: the original primary takes its role back.</p>
      <TextAreaField label="Reason" name="reason" rows={2} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} error={reasonError} autoFocus />
      <div className="form-actions">
        <button type="submit" className="btn btn-danger-solid" disabled={halt.isPending}>
          {halt.isPending ? "Halting…" : "Halt drill"}
        </button>
        <button type="button" className="btn" onClick={() => setConfirming(false)}>
          Keep it running
        </button>
      </div>
      <QueryError result={halt} />
    </form>
  );
}
