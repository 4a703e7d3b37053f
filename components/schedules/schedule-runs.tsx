"use client";

import Link from "next/link";
import { ClippedText } from "@/components/ui/clipped-text";
import { DataTable } from "@/components/ui/data-table";
import { QueryError } from "@/components/ui/messages";
import { Time } from "@/components/ui/time";
import type { TScheduleRun } from "./types";
import styles from "./schedules.module.css";

/** Where a run's operation is shown: its column title, the link's text and address. */
export type TOperationLink = { column: string; label: string; href: (operationId: string) => string };

/** A run's outcome: STARTED quietly, anything else loudly (the operation did not happen). */
export function RunOutcome({ run }: { run: TScheduleRun }) {
  const ok = run.outcome === "STARTED";
  return (
    <span className={ok ? "badge badge-dot" : `badge badge-dot ${run.outcome === "FAILED" ? "badge-danger" : "badge-warning"} ${styles.loud}`} data-outcome={run.outcome} title={run.detail || undefined}>
      {run.outcome === "STARTED" ? "Started" : run.outcome}
    </span>
  );
}

/** Every time a schedule came due, newest first as the server sends them. */
export function ScheduleRunsTable({ query: q, operation }: { query: { isError: boolean; error: unknown; data?: { runs: TScheduleRun[] } }; operation: TOperationLink }) {
  if (q.isError) return <QueryError result={q} />;
  if (!q.data) return <p className="muted">Loading runs…</p>;
  if (q.data.runs.length === 0) return <p className="muted">This schedule has not come due yet.</p>;
  return (
    <DataTable label="Runs" columns={["Due", "At", "Outcome", "Detail", operation.column]}>
      {q.data.runs.map((r) => (
        <tr key={r.id}>
          <td>
            <Time iso={r.dueAt} precision="minutes" />
          </td>
          <td>
            <Time iso={r.at} />
          </td>
          <td>
            <RunOutcome run={r} />
          </td>
          <td className="clip-fill">{r.detail ? <ClippedText text={r.detail} /> : <span className="muted">—</span>}</td>
          <td>{r.operationId ? <Link href={operation.href(r.operationId)}>{operation.label}</Link> : <span className="muted">—</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}
