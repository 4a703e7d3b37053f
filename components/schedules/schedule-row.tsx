"use client";

import Link from "next/link";
import { useId, useState, type ReactNode } from "react";
import { recurrenceSentence, ZonedTime } from "@/components/maintenance/labels";
import { ClippedText } from "@/components/ui/clipped-text";
import { ConfirmRow, DetailRow, detailToggle } from "@/components/ui/confirm-row";
import { QueryError } from "@/components/ui/messages";
import { Time } from "@/components/ui/time";
import { RunOutcome, ScheduleRunsTable, type TOperationLink } from "./schedule-runs";
import type { TScheduleBase, TScheduleRun } from "./types";
import styles from "./schedules.module.css";

type TAction = { isPending: boolean; isError: boolean; error: unknown };

/** The hooks a row needs, as every kind's `scheduleQueries` provides them. */
export type TRowQueries = {
  useRuns: (scheduleId: string) => { isError: boolean; error: unknown; data?: { runs: TScheduleRun[] } };
  useUpdate: (scheduleId: string) => TAction & { mutate: (patch: { enabled: boolean }) => void };
  useDelete: (scheduleId: string) => TAction & { mutate: () => void };
};

/**
 * One schedule in the list: `name` (what it starts), its recurrence, next and last run, the enabled toggle,
 * and Runs, Edit and Delete, each opening a row beneath. `columns` counts the table's columns before actions.
 */
export function ScheduleRow({
  schedule: s,
  canOperate,
  columns,
  name,
  nameWraps,
  queries,
  operation,
  linkLastRun,
  editForm,
  deleteQuestion,
}: {
  schedule: TScheduleBase;
  canOperate: boolean;
  columns: number;
  name: ReactNode;
  nameWraps?: boolean;
  queries: TRowQueries;
  operation: TOperationLink;
  /** Link the last run's operation beside its outcome. */
  linkLastRun?: boolean;
  editForm: (close: () => void) => ReactNode;
  deleteQuestion: string;
}) {
  const [open, setOpen] = useState<"runs" | "edit" | "delete" | null>(null);
  const update = queries.useUpdate(s.id);
  const remove = queries.useDelete(s.id);
  const rowId = useId();
  const nameId = `${rowId}-name`;
  const detailId = `${rowId}-detail`;
  const cols = columns + 1;
  const last = s.lastRun;
  return (
    <>
      <tr>
        <th scope="row" id={nameId} className={nameWraps ? "wrap" : undefined}>
          {name}
        </th>
        <td className="wrap">{recurrenceSentence(s.recurrenceText)}</td>
        <td>{s.nextRunAt ? <ZonedTime iso={s.nextRunAt} zone={s.timezone} /> : <span className="muted">None to come</span>}</td>
        <td className="clip-cell">
          {last ? (
            <>
              <RunOutcome run={last} /> <Time iso={last.at} precision="minutes" />
              {linkLastRun && last.operationId ? (
                <>
                  {" "}
                  <Link href={operation.href(last.operationId)}>{operation.label}</Link>
                </>
              ) : null}
              {last.outcome !== "STARTED" && last.detail ? <ClippedText text={last.detail} className="muted" /> : null}
            </>
          ) : (
            <span className="muted">Not yet</span>
          )}
        </td>
        <td>
          <label className={styles.check}>
            <input type="checkbox" checked={s.enabled} disabled={!canOperate || update.isPending} onChange={(e) => update.mutate({ enabled: e.target.checked })} aria-describedby={nameId} />
            {s.enabled ? "On" : "Off"}
          </label>
        </td>
        <td>
          <button type="button" className="btn btn-sm" onClick={() => setOpen(open === "runs" ? null : "runs")} {...detailToggle(open === "runs", detailId, nameId)}>
            Runs
          </button>{" "}
          {canOperate ? (
            <>
              <button type="button" className="btn btn-sm" onClick={() => setOpen(open === "edit" ? null : "edit")} {...detailToggle(open === "edit", detailId, nameId)}>
                Edit
              </button>{" "}
              <button type="button" className="btn btn-sm btn-danger" onClick={() => setOpen("delete")} aria-describedby={nameId}>
                Delete
              </button>
            </>
          ) : null}
        </td>
      </tr>
      {update.isError ? (
        <DetailRow id={`${rowId}-err`} colSpan={cols}>
          <QueryError result={update} />
        </DetailRow>
      ) : null}
      {open === "runs" ? (
        <DetailRow id={detailId} colSpan={cols} wrap>
          <Runs scheduleId={s.id} useRuns={queries.useRuns} operation={operation} />
        </DetailRow>
      ) : null}
      {open === "edit" ? (
        <DetailRow id={detailId} colSpan={cols} wrap>
          {editForm(() => setOpen(null))}
        </DetailRow>
      ) : null}
      {open === "delete" ? (
        <ConfirmRow
          id={detailId}
          colSpan={cols}
          question={deleteQuestion}
          describedBy={nameId}
          confirmLabel="Delete schedule"
          pendingLabel="Deleting…"
          action={remove}
          onConfirm={() => remove.mutate()}
          onCancel={() => setOpen(null)}
        />
      ) : null}
    </>
  );
}

// Its own component so the runs are fetched only while the row is open.
function Runs({ scheduleId, useRuns, operation }: { scheduleId: string; useRuns: TRowQueries["useRuns"]; operation: TOperationLink }) {
  return <ScheduleRunsTable query={useRuns(scheduleId)} operation={operation} />;
}
