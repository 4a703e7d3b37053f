"use client";

import Link from "next/link";
import { Fragment, useId, useState } from "react";
import { RunOutcome } from "@/components/drills/drill-schedules";
import { recurrenceSentence, ZonedTime } from "@/components/maintenance/labels";
import { ConfirmRow, DetailRow, detailToggle } from "@/components/ui/confirm-row";
import { ClippedText } from "@/components/ui/clipped-text";
import { DataTable } from "@/components/ui/data-table";
import { QueryError } from "@/components/ui/messages";
import { Time } from "@/components/ui/time";
import { useDeleteRolloutSchedule, useRolloutScheduleRuns, useRolloutSchedules, useUpdateRolloutSchedule } from "./queries";
import { RolloutScheduleForm } from "./rollout-schedule-form";
import { batchesText } from "./batches";
import { targetsText } from "./targets-text";
import type { TRolloutSchedule } from "./types";
import styles from "./rollout-schedules.module.css";

const COLUMNS = ["Rollout", "Recurrence", "Next run", "Last run", "Enabled"];
const COMMAND = { all: "all updates", security: "security updates", custom: "custom command" } as const;

const rolloutLink = (operationId: string) => `/rollouts/${encodeURIComponent(operationId)}`;

function Runs({ scheduleId }: { scheduleId: string }) {
  const q = useRolloutScheduleRuns(scheduleId);
  if (q.isError) return <QueryError result={q} />;
  if (!q.data) return <p className="muted">Loading runs…</p>;
  if (q.data.runs.length === 0) return <p className="muted">This schedule has not come due yet.</p>;
  return (
    <DataTable label="Runs" columns={["Due", "At", "Outcome", "Detail", "Rollout"]}>
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
          <td>{r.operationId ? <Link href={rolloutLink(r.operationId)}>Rollout</Link> : <span className="muted">—</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function ScheduleRow({ s, canOperate }: { s: TRolloutSchedule; canOperate: boolean }) {
  const [open, setOpen] = useState<"runs" | "edit" | "delete" | null>(null);
  const update = useUpdateRolloutSchedule(s.id);
  const remove = useDeleteRolloutSchedule(s.id);
  const rowId = useId();
  const nameId = `${rowId}-name`;
  const detailId = `${rowId}-detail`;
  const cols = COLUMNS.length + 1;
  const r = s.rollout;
  return (
    <>
      <tr>
        <th scope="row" id={nameId} className="wrap">
          {targetsText(r.targets)}
          <br />
          <span className="muted">
            {COMMAND[r.command.kind]} · batches {batchesText(r.batches)}
            {r.rebootPolicy === "if-required" ? null : ` · reboot ${r.rebootPolicy}`}
          </span>
          <br />
          <span className="muted" title={r.reason}>
            {r.reason.length > 60 ? `${r.reason.slice(0, 59)}…` : r.reason}
          </span>
        </th>
        <td className="wrap">{recurrenceSentence(s.recurrenceText)}</td>
        <td>{s.nextRunAt ? <ZonedTime iso={s.nextRunAt} zone={s.timezone} /> : <span className="muted">None to come</span>}</td>
        <td className="clip-cell">
          {s.lastRun ? (
            <>
              <RunOutcome run={s.lastRun} /> <Time iso={s.lastRun.at} precision="minutes" />
              {s.lastRun.operationId ? (
                <>
                  {" "}
                  <Link href={rolloutLink(s.lastRun.operationId)}>Rollout</Link>
                </>
              ) : null}
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
          <RolloutScheduleForm schedule={s} onDone={() => setOpen(null)} />
        </DetailRow>
      ) : null}
      {open === "delete" ? (
        <ConfirmRow
          id={detailId}
          colSpan={cols}
          question="Delete this schedule and its run history? Rollouts it started stay."
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

/** Every rollout schedule, its last outcome and runs, and a form to add one. */
export function RolloutSchedules({ canOperate }: { canOperate: boolean }) {
  const q = useRolloutSchedules();
  const [adding, setAdding] = useState(false);
  const schedules = q.data?.schedules ?? [];
  return (
    <section aria-labelledby="rollout-schedules">
      <div className={styles.head}>
        <h2 id="rollout-schedules" className={styles.sub}>
          Schedules
        </h2>
        {canOperate && !adding ? (
          <div className={styles.actions}>
            <button type="button" className="btn btn-sm" onClick={() => setAdding(true)}>
              Add schedule
            </button>
          </div>
        ) : null}
      </div>
      <QueryError result={q} />
      {adding ? <RolloutScheduleForm onDone={() => setAdding(false)} /> : null}
      {schedules.length > 0 ? (
        <DataTable label="Rollout schedules" columns={COLUMNS} actions>
          {schedules.map((s) => (
            <Fragment key={s.id}>
              <ScheduleRow s={s} canOperate={canOperate} />
            </Fragment>
          ))}
        </DataTable>
      ) : q.isSuccess ? (
        <p className="muted">No rollout is scheduled.</p>
      ) : null}
    </section>
  );
}
