"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/components/api/fetch-json";
import { ModalActions, ModalForm } from "@/components/operations/modal-form";
import { ProblemAlert } from "@/components/operations/problem-alert";
import { SelectField, TextField } from "@/components/ui/field";
import { useStartSiteOperation } from "./queries";
import { siteOperationTitle } from "./site-labels";
import type { TEvacuationPreview, TSiteKind } from "./types";
import styles from "./sites.module.css";

export type TStartChoice = { kind: TSiteKind; dryRun: boolean };

const EXPLAIN: Record<TSiteKind, string> = {
  EVACUATION:
    "Every group whose primary is in the site switches (or fails) over to its best candidate elsewhere, stage by stage in plan order. Clients of each group see one cutover.",
  SITE_RETURN: "The groups the evacuation moved switch back to their members in the site, stage by stage. Clients of each group see one cutover.",
  SITE_DRILL:
    "A real evacuation, a hold, then the return: every moved group switches over twice. An alert at the chosen severity on a moved group ends the hold and brings everything back.",
};

function startLabel(kind: TSiteKind, dryRun: boolean, site: string): string {
  if (dryRun) return "Start dry run";
  return kind === "EVACUATION" ? `Evacuate ${site}` : kind === "SITE_RETURN" ? `Return to ${site}` : "Start site drill";
}

/**
 * The confirmation of an evacuation, a return or a site drill: a modal asking
 * why (recorded with the operation) and, for a drill, how long to hold. On
 * start the operation's page opens and follows it.
 */
export function StartSiteDialog({
  site,
  choice,
  preview,
  parallelism,
  onClose,
}: {
  site: { id: string; name: string };
  choice: TStartChoice;
  preview: TEvacuationPreview | undefined;
  parallelism: number | undefined;
  onClose: () => void;
}) {
  const router = useRouter();
  const [reasonError, setReasonError] = useState<string>();
  const { kind, dryRun } = choice;
  const start = useStartSiteOperation(site.id, kind, (op) => router.push(`/operations/${op.id}`));
  // Groups in the plan that are not ready: the server refuses to start unless told to skip them.
  const unready = preview?.stages.flatMap((s) => s.groups).filter((g) => !g.ready) ?? [];
  const [acceptSkipped, setAcceptSkipped] = useState(false);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const reason = String(form.get("reason") ?? "").trim();
    const ticketRef = String(form.get("ticketRef") ?? "").trim() || undefined;
    if (!reason) {
      setReasonError("Say why: it is recorded with the operation.");
      return;
    }
    setReasonError(undefined);
    const common = { reason, ...(ticketRef ? { ticketRef } : {}), ...(parallelism ? { parallelism } : {}) };
    if (kind === "EVACUATION") start.mutate({ ...common, dryRun, acceptSkipped, ...(!dryRun && form.get("confirmedOff") === "on" ? { confirmedOff: true } : {}) });
    else if (kind === "SITE_RETURN") start.mutate({ ...common, acceptSkipped, ...(preview?.fromOperationId ? { evacuationId: preview.fromOperationId } : {}) });
    else {
      const holdSeconds = Math.max(0, Math.min(86_400, Math.floor(Number(form.get("holdSeconds")) || 0)));
      const stopOnSeverity = String(form.get("stopOnSeverity")) as "WARNING" | "CRITICAL";
      start.mutate({ ...common, acceptSkipped, holdSeconds, stopOnSeverity });
    }
  }

  const fieldErrors = start.error instanceof ApiError ? start.error.fieldErrors() : {};
  const busy = start.isPending || start.isSuccess;

  return (
    <ModalForm title={`${siteOperationTitle(kind, site.name, dryRun)}?`} busy={start.isPending} onClose={onClose} onSubmit={submit}>
      {dryRun ? (
        <p className="muted">A dry run checks every precondition of every group (standbys, SSH, hooks in check mode, load balancers) and moves nothing.</p>
      ) : (
        <p className="notice notice-warning">{EXPLAIN[kind]}</p>
      )}
      <TextField label="Reason" name="reason" required autoComplete="off" maxLength={2000} error={reasonError ?? fieldErrors.reason} autoFocus />
      <TextField label="Ticket" name="ticketRef" optional autoComplete="off" maxLength={200} error={fieldErrors.ticketRef} hint="e.g. CHG-1234" />
      {kind === "SITE_DRILL" ? (
        <div className="form-row">
          <TextField label="Hold (seconds)" name="holdSeconds" type="number" min={0} max={86_400} defaultValue={60} error={fieldErrors.holdSeconds} hint="How long the groups serve from elsewhere before they come back." />
          <SelectField label="Stop on alerts of severity" name="stopOnSeverity" defaultValue="CRITICAL" error={fieldErrors.stopOnSeverity}>
            <option value="CRITICAL">Critical</option>
            <option value="WARNING">Warning or critical</option>
          </SelectField>
        </div>
      ) : null}
      {unready.length && !dryRun ? (
        <label className={styles.check}>
          <input type="checkbox" name="acceptSkipped" checked={acceptSkipped} onChange={(e) => setAcceptSkipped(e.target.checked)} />
          Start anyway, skipping {unready.length === 1 ? "the group" : `the ${unready.length} groups`} not ready ({unready.map((g) => g.name).join(", ")})
        </label>
      ) : null}
      {kind === "EVACUATION" && !dryRun && preview?.stages.some((s) => s.groups.some((g) => g.action === "FAILOVER")) ? (
        <label className={styles.check}>
          <input type="checkbox" name="confirmedOff" />
          The site is dark: I confirm its hosts are off. A primary no fencing level can reach still fails over (every level is tried first).
        </label>
      ) : null}
      {start.isError ? <ProblemAlert error={start.error} /> : null}
      <ModalActions label={startLabel(kind, dryRun, site.name)} danger={!dryRun} busy={busy} pending={start.isPending} onClose={onClose} />
    </ModalForm>
  );
}
