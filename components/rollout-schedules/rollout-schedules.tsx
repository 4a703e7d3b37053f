"use client";

import { Fragment, useState } from "react";
import { ScheduleRow } from "@/components/schedules/schedule-row";
import { DataTable } from "@/components/ui/data-table";
import { QueryError } from "@/components/ui/messages";
import { batchesText } from "./batches";
import { rolloutScheduleQueries } from "./queries";
import { RolloutScheduleForm } from "./rollout-schedule-form";
import { targetsText } from "./targets-text";
import type { TRolloutSchedule } from "./types";
import head from "@/components/ui/section-head.module.css";
import styles from "@/components/schedules/schedules.module.css";

const COLUMNS = ["Rollout", "Recurrence", "Next run", "Last run", "Enabled"];
const COMMAND = { all: "all updates", security: "security updates", custom: "custom command" } as const;
const ROLLOUT = { column: "Rollout", label: "Rollout", href: (operationId: string) => `/rollouts/${encodeURIComponent(operationId)}` };

function RolloutScheduleRow({ s, canOperate }: { s: TRolloutSchedule; canOperate: boolean }) {
  const r = s.rollout;
  return (
    <ScheduleRow
      schedule={s}
      canOperate={canOperate}
      columns={COLUMNS.length}
      queries={rolloutScheduleQueries}
      operation={ROLLOUT}
      linkLastRun
      editForm={(close) => <RolloutScheduleForm schedule={s} onDone={close} />}
      deleteQuestion="Delete this schedule and its run history? Rollouts it started stay."
      nameWraps
      name={
        <>
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
        </>
      }
    />
  );
}

/** Every rollout schedule, its last outcome and runs, and a form to add one. */
export function RolloutSchedules({ canOperate }: { canOperate: boolean }) {
  const q = rolloutScheduleQueries.useSchedules();
  const [adding, setAdding] = useState(false);
  const schedules = q.data?.schedules ?? [];
  return (
    <section aria-labelledby="rollout-schedules">
      <div className={head.head}>
        <h2 id="rollout-schedules" className={styles.sub}>
          Schedules
        </h2>
        {canOperate && !adding ? (
          <div className={head.actions}>
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
              <RolloutScheduleRow s={s} canOperate={canOperate} />
            </Fragment>
          ))}
        </DataTable>
      ) : q.isSuccess ? (
        <p className="muted">No rollout is scheduled.</p>
      ) : null}
    </section>
  );
}
