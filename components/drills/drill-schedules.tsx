"use client";

import Link from "next/link";
import { Fragment, useId, useState } from "react";
import { ApiError } from "@/components/api/fetch-json";
import { recurrenceSentence, ZonedTime } from "@/components/maintenance/labels";
import { ConfirmRow, DetailRow, detailToggle } from "@/components/ui/confirm-row";
import { ClippedText } from "@/components/ui/clipped-text";
import { DataTable } from "@/components/ui/data-table";
import { ErrorAlert, QueryError } from "@/components/ui/messages";
import { Time } from "@/components/ui/time";
import { modeText } from "./drill-format";
import { useDeleteSchedule, useDrillSchedules, useScheduleRuns, useUpdateSchedule } from "./queries";
import { ScheduleForm } from "./schedule-form";
import type { TDrillSchedule, TScheduleRun } from "./types";
import styles from "./drills.module.css";

const COLUMNS = ["Mode", "Recurrence", "Next run", "Last run", "Enabled"];

/** A run's outcome: STARTED quietly, anything else loudly (the drill did not happen). */
export function RunOutcome({ run }: { run: TScheduleRun }) {
  const ok = run.outcome === "STARTED";
  return (
    <span className={ok ? "badge badge-dot" : `badge badge-dot ${run.outcome === "FAILED" ? "badge-danger" : "badge-warning"} ${styles.loud}`} data-outcome={run.outcome} title={run.detail || undefined}>
      {run.outcome === "STARTED" ? "Started" : run.outcome}
    </span>
  );
}

function Runs({ scheduleId }: { scheduleId: string }) {
  const q = useScheduleRuns(scheduleId);
  if (q.isError) return <QueryError result={q} />;
  if (!q.data) return <p className="muted">Loading runs…</p>;
  if (q.data.runs.length === 0) return <p className="muted">This schedule has not come due yet.</p>;
  return (
    <DataTable label="Runs" columns={["Due", "At", "Outcome", "Detail", "Drill"]}>
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
          <td>{r.operationId ? <Link href={`/drills/${r.operationId}`}>Report</Link> : <span className="muted">—</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function ScheduleRow({ s, canOperate }: { s: TDrillSchedule; canOperate: boolean }) {
  const [open, setOpen] = useState<"runs" | "edit" | "delete" | null>(null);
  const update = useUpdateSchedule(s.id);
  const remove = useDeleteSchedule(s.id);
  const rowId = useId();
  const nameId = `${rowId}-name`;
  const detailId = `${rowId}-detail`;
  const cols = COLUMNS.length + 1;
  return (
    <>
      <tr>
        <th scope="row" id={nameId}>
          {modeText(s.mode)}
          {s.onlyInMaintenanceWindow ? <span className="muted"> · in maintenance only</span> : null}
          {s.mode === "live" ? <span className="muted"> · hold {s.holdSeconds} s</span> : null}
        </th>
        <td className="wrap">{recurrenceSentence(s.recurrenceText)}</td>
        <td>{s.nextRunAt ? <ZonedTime iso={s.nextRunAt} zone={s.timezone} /> : <span className="muted">None to come</span>}</td>
        <td className="clip-cell">
          {s.lastRun ? (
            <>
              <RunOutcome run={s.lastRun} /> <Time iso={s.lastRun.at} precision="minutes" />
              {s.lastRun.outcome !== "STARTED" && s.lastRun.detail ? <ClippedText text={s.lastRun.detail} className="muted" /> : null}
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
          <Runs scheduleId={s.id} />
        </DetailRow>
      ) : null}
      {open === "edit" ? (
        <DetailRow id={detailId} colSpan={cols} wrap>
          <ScheduleForm groupId={s.groupId} schedule={s} onDone={() => setOpen(null)} />
        </DetailRow>
      ) : null}
      {open === "delete" ? (
        <ConfirmRow
          id={detailId}
          colSpan={cols}
          question="Delete this schedule and its run history? Drills it started stay."
          describedBy={nameId}
          confirmLabel="Delete schedule"
          pendingLabel="Deleting…"
          action={remove}
          onConfirm={() => remove.mutate(undefined)}
          onCancel={() => setOpen(null)}
        />
      ) : null}
    </>
  );
}

/** A group's drill schedules, their last outcome and runs, and a form to add one. */
export function DrillSchedules({ groupId, canOperate }: { groupId: string; canOperate: boolean }) {
  const q = useDrillSchedules(groupId);
  const [adding, setAdding] = useState(false);
  const missing = q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 405);
  const schedules = q.data?.schedules ?? [];
  return (
    <section aria-labelledby="drill-schedules">
      <div className={styles.head}>
        <h3 id="drill-schedules" className={styles.sub}>
          Schedules
        </h3>
        {canOperate && !adding && !missing ? (
          <div className={styles.actions}>
            <button type="button" className="btn btn-sm" onClick={() => setAdding(true)}>
              Add schedule
            </button>
          </div>
        ) : null}
      </div>
      {missing ? <ErrorAlert>Drill schedules are not available on this Tandem server yet.</ErrorAlert> : <QueryError result={q} />}
      {schedules.length > 0 ? (
        <DataTable label="Drill schedules" columns={COLUMNS} actions>
          {schedules.map((s) => (
            <Fragment key={s.id}>
              <ScheduleRow s={s} canOperate={canOperate} />
            </Fragment>
          ))}
        </DataTable>
      ) : q.isSuccess ? (
        <p className="muted">No drill is scheduled for this group.</p>
      ) : null}
      {adding ? <ScheduleForm groupId={groupId} onDone={() => setAdding(false)} /> : null}
    </section>
  );
}
