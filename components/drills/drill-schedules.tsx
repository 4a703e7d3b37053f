"use client";

import { Fragment, useState } from "react";
import { ApiError } from "@/components/api/fetch-json";
import { ScheduleRow } from "@/components/schedules/schedule-row";
import { DataTable } from "@/components/ui/data-table";
import { ErrorAlert, QueryError } from "@/components/ui/messages";
import { modeText } from "./drill-format";
import { drillScheduleQueries } from "./queries";
import { ScheduleForm } from "./schedule-form";
import type { TDrillSchedule } from "./types";
import head from "@/components/ui/section-head.module.css";
import styles from "@/components/schedules/schedules.module.css";

const COLUMNS = ["Mode", "Recurrence", "Next run", "Last run", "Enabled"];
const DRILL = { column: "Drill", label: "Report", href: (operationId: string) => `/drills/${operationId}` };

function DrillScheduleRow({ s, canOperate }: { s: TDrillSchedule; canOperate: boolean }) {
  return (
    <ScheduleRow
      schedule={s}
      canOperate={canOperate}
      columns={COLUMNS.length}
      queries={drillScheduleQueries}
      operation={DRILL}
      editForm={(close) => <ScheduleForm groupId={s.groupId} schedule={s} onDone={close} />}
      deleteQuestion="Delete this schedule and its run history? Drills it started stay."
      name={
        <>
          {modeText(s.mode)}
          {s.onlyInMaintenanceWindow ? <span className="muted"> · in maintenance only</span> : null}
          {s.mode === "live" ? <span className="muted"> · hold {s.holdSeconds} s</span> : null}
        </>
      }
    />
  );
}

/** A group's drill schedules, their last outcome and runs, and a form to add one. */
export function DrillSchedules({ groupId, canOperate }: { groupId: string; canOperate: boolean }) {
  const q = drillScheduleQueries.useSchedules({ groupId });
  const [adding, setAdding] = useState(false);
  const missing = q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 405);
  const schedules = q.data?.schedules ?? [];
  return (
    <section aria-labelledby="drill-schedules">
      <div className={head.head}>
        <h3 id="drill-schedules" className={styles.sub}>
          Schedules
        </h3>
        {canOperate && !adding && !missing ? (
          <div className={head.actions}>
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
              <DrillScheduleRow s={s} canOperate={canOperate} />
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
