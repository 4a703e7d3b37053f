"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/components/api/fetch-json";
// The switchover dialog's frame, so both confirmations read alike.
import { ModalActions, ModalForm } from "@/components/operations/modal-form";
import { ProblemAlert } from "@/components/operations/problem-alert";
import { SelectField, TextField } from "@/components/ui/field";
import { useStartDrill } from "./queries";
import type { TDrillMode, TStopSeverity } from "./types";

const TITLE: Record<TDrillMode, string> = { "dry-run": "Dry run", live: "Live drill" };

/**
 * Starting a drill: a modal <dialog> asking why (recorded with the operation)
 * and, for a live drill, how long to hold and which alerts stop it. On start
 * the drill's page opens and streams it.
 */
export function StartDrillDialog({ mode, groupId, groupName, onClose }: { mode: TDrillMode; groupId: string; groupName: string; onClose: () => void }) {
  const router = useRouter();
  const [reasonError, setReasonError] = useState<string>();
  const start = useStartDrill(groupId, (op) => router.push(`/drills/${op.id}`));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const reason = String(form.get("reason") ?? "").trim();
    const ticketRef = String(form.get("ticketRef") ?? "").trim();
    if (!reason) {
      setReasonError("Say why: it is recorded with the drill.");
      return;
    }
    setReasonError(undefined);
    const holdSeconds = mode === "live" ? Math.max(0, Math.min(3600, Math.floor(Number(form.get("holdSeconds")) || 0))) : 30;
    const stopOnSeverity = (mode === "live" ? String(form.get("stopOnSeverity")) : "CRITICAL") as TStopSeverity;
    start.mutate({ mode, reason, ...(ticketRef ? { ticketRef } : {}), holdSeconds, stopOnSeverity });
  }

  const fieldErrors = start.error instanceof ApiError ? start.error.fieldErrors() : {};
  const reasons = start.error instanceof ApiError && start.error.status === 409 ? start.error.errors.map((x) => x.message) : [];
  const busy = start.isPending || start.isSuccess;

  return (
    <ModalForm title={`${TITLE[mode]} of ${groupName}?`} busy={start.isPending} onClose={onClose} onSubmit={submit}>
      {mode === "live" ? (
        <p className="notice notice-warning">
          A live drill performs a real switchover: a standby becomes primary and serves for the hold time, then Tandem fails back to the current primary. Clients see two
          cutovers. An alert at the chosen severity, or Halt, stops it and restores the original primary.
        </p>
      ) : (
        <p className="muted">A dry run checks every precondition of a failover (standby, SSH, hooks, load balancer) and changes nothing.</p>
      )}
      <TextField label="Reason" name="reason" required autoComplete="off" maxLength={500} error={reasonError ?? fieldErrors.reason} autoFocus />
      <TextField label="Ticket" name="ticketRef" optional autoComplete="off" maxLength={100} error={fieldErrors.ticketRef} hint="e.g. CHG-1234" />
      {mode === "live" ? (
        <div className="form-row">
          <TextField
            label="Hold (seconds)"
            name="holdSeconds"
            type="number"
            min={0}
            max={3600}
            defaultValue={30}
            error={fieldErrors.holdSeconds}
            hint="How long the standby serves as primary before failing back."
          />
          <SelectField label="Stop on alerts of severity" name="stopOnSeverity" defaultValue="CRITICAL" error={fieldErrors.stopOnSeverity}>
            <option value="CRITICAL">Critical</option>
            <option value="WARNING">Warning or critical</option>
          </SelectField>
        </div>
      ) : null}
      {start.isError ? <ProblemAlert error={start.error} reasons={reasons} /> : null}
      <ModalActions label={mode === "live" ? "Start live drill" : "Start dry run"} danger={mode === "live"} busy={busy} pending={start.isPending} onClose={onClose} />
    </ModalForm>
  );
}
