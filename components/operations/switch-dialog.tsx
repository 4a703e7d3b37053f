"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, errorMessage, fetchJson } from "@/components/api/fetch-json";
import type { TGroup } from "@/components/groups/types";
import { TextField } from "@/components/ui/field";
import { ErrorAlert } from "@/components/ui/messages";
import { actionLabel } from "./labels";
import { ProblemAlert } from "./problem-alert";
import { OPERATIONS_KEY, operationKey } from "./queries";
import type { TOperation, TSwitchPlan, TSwitchRequest } from "./types";
import styles from "./operations.module.css";
import { ModalForm } from "./modal-form";

export type TSwitchKind = "switchover" | "failover";

const TITLE: Record<TSwitchKind, string> = { switchover: "Switch over", failover: "Fail over" };

function groupUrl(groupId: string, path: string): string {
  return `/api/v1/groups/${encodeURIComponent(groupId)}/${path}`;
}

function PlanView({ plan, group }: { plan: TSwitchPlan; group: TGroup }) {
  const name = (serverId: string | undefined) => (serverId ? group.members.find((m) => m.serverId === serverId)?.name : undefined);
  return (
    <>
      <p>
        New primary: <strong data-testid="plan-candidate">{plan.candidate.name}</strong>
        {plan.candidate.lagSec !== null ? <span className="muted"> (replication lag {plan.candidate.lagSec.toFixed(1)} s)</span> : null}
        {plan.oldPrimary ? <span className="muted">, replacing {plan.oldPrimary.name}</span> : null}
      </p>
      <h3 className={styles.dialogSub}>Steps</h3>
      <ol className={styles.planSteps} aria-label="Planned steps">
        {plan.steps.map((s, i) => (
          <li key={i}>
            {s.description || actionLabel(s.action)}
            {!s.description && name(s.serverId) ? <span className="muted"> on {name(s.serverId)}</span> : null}
            <span className="muted"> · timeout {Math.round(s.timeoutMs / 1000)} s</span>
          </li>
        ))}
      </ol>
      {plan.rejected && plan.rejected.length > 0 ? (
        <>
          <h3 className={styles.dialogSub}>Not chosen</h3>
          <ul className={styles.planSteps} aria-label="Standbys not chosen">
            {plan.rejected.map((r) => (
              <li key={r.name}>
                <strong>{r.name}</strong>: {r.reasons.join("; ")}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/**
 * The confirmation for a switchover or failover: a modal <dialog> (the browser
 * traps focus in it, Escape closes it) showing the plan the server would run,
 * a required reason and an optional ticket.
 */
export function SwitchDialog({ kind, group, onClose }: { kind: TSwitchKind; group: TGroup; onClose: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [reasonError, setReasonError] = useState<string>();

  // The plan is computed afresh each time the dialog opens: health changes by the second.
  const plan = useQuery({
    queryKey: ["groups", group.id, "plan", kind],
    queryFn: ({ signal }) => fetchJson<TSwitchPlan>(groupUrl(group.id, `${kind}/plan`), { method: "POST", signal }),
    retry: false,
    gcTime: 0,
    staleTime: 0,
  });
  // A failover plan endpoint may not exist: then the server builds the plan when it starts.
  const noPlanEndpoint = kind === "failover" && plan.error instanceof ApiError && (plan.error.status === 404 || plan.error.status === 405);
  const conflict = plan.error instanceof ApiError && plan.error.status === 409;

  const start = useMutation({
    mutationFn: (body: TSwitchRequest) => fetchJson<TOperation>(groupUrl(group.id, kind), { method: "POST", body }),
    onSuccess: (op) => {
      queryClient.setQueryData(operationKey(op.id), op);
      void queryClient.invalidateQueries({ queryKey: OPERATIONS_KEY });
      router.push(`/operations/${op.id}`);
    },
  });
  const startConflict = start.error instanceof ApiError && start.error.status === 409;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const reason = String(form.get("reason") ?? "").trim();
    const ticketRef = String(form.get("ticketRef") ?? "").trim();
    const confirmedOff = kind === "failover" && form.get("confirmedOff") === "on";
    if (!reason) {
      setReasonError("Say why: it is recorded with the operation.");
      return;
    }
    setReasonError(undefined);
    start.mutate({ reason, ...(ticketRef ? { ticketRef } : {}), ...(confirmedOff ? { confirmedOff } : {}), ...(plan.data ? { candidateServerId: plan.data.candidate.serverId } : {}) });
  }

  const canConfirm = plan.isSuccess || noPlanEndpoint;
  const fieldErrors = start.error instanceof ApiError ? start.error.fieldErrors() : {};

  return (
    <ModalForm title={`${TITLE[kind]} ${group.name}?`} busy={start.isPending} onClose={onClose} onSubmit={submit}>
      {kind === "failover" ? (
        <p className="notice notice-warning">The primary is not answering. Failing over promotes a standby; the old primary is fenced or marked so it cannot take writes back.</p>
      ) : (
        <p className="muted">The primary is healthy: it is demoted cleanly and a standby takes over.</p>
      )}
      <section aria-label="Plan" aria-busy={plan.isPending} className={styles.plan}>
        {plan.isPending ? <p className="muted">Building the plan…</p> : null}
        {plan.isSuccess ? <PlanView plan={plan.data} group={group} /> : null}
        {noPlanEndpoint ? <p className="muted">Tandem builds the plan when the failover starts, choosing the best standby that qualifies.</p> : null}
        {conflict ? <ProblemAlert error={plan.error} /> : null}
        {plan.isError && !conflict && !noPlanEndpoint ? <ErrorAlert>{errorMessage(plan.error)}</ErrorAlert> : null}
      </section>
      {canConfirm ? (
        <>
          <TextField label="Reason" name="reason" required autoComplete="off" maxLength={500} error={reasonError ?? fieldErrors.reason} autoFocus />
          <TextField label="Ticket" name="ticketRef" optional autoComplete="off" maxLength={100} error={fieldErrors.ticketRef} hint="e.g. INC-1234" />
          {kind === "failover" ? (
            <label>
              <input type="checkbox" name="confirmedOff" />
              <span>
                I confirm the old primary is off (its site is lost, its power cut). Used only if no fencing level can reach it; every level is tried first.
              </span>
            </label>
          ) : null}
        </>
      ) : null}
      {startConflict ? (
        <ErrorAlert>
          <p className={styles.alertTitle}>{errorMessage(start.error)}</p>
          <p>
            <Link href={`/operations?groupId=${group.id}`}>See this group&apos;s operations</Link>
          </p>
        </ErrorAlert>
      ) : start.isError ? (
        <ErrorAlert>{errorMessage(start.error)}</ErrorAlert>
      ) : null}
      <div className="form-actions">
        {canConfirm ? (
          <button type="submit" className={kind === "failover" ? "btn btn-danger-solid" : "btn btn-primary"} disabled={start.isPending || start.isSuccess}>
            {start.isPending || start.isSuccess ? "Starting…" : `${TITLE[kind]} now`}
          </button>
        ) : null}
        <button type="button" className="btn" onClick={onClose} disabled={start.isPending}>
          Cancel
        </button>
      </div>
    </ModalForm>
  );
}
