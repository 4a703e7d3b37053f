"use client";

import { ScheduleRow } from "@/components/schedules/schedule-row";
import { SchedulesSection } from "@/components/schedules/schedules-section";
import { batchesText } from "./batches";
import { rolloutScheduleQueries } from "./queries";
import { RolloutScheduleForm } from "./rollout-schedule-form";
import { targetsText } from "./targets-text";
import type { TRolloutSchedule } from "./types";

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
  return (
    <SchedulesSection
      headingId="rollout-schedules"
      headingLevel="h2"
      label="Rollout schedules"
      columns={COLUMNS}
      query={rolloutScheduleQueries.useSchedules()}
      canAdd={canOperate}
      empty="No rollout is scheduled."
      formFirst
      addForm={(close) => <RolloutScheduleForm onDone={close} />}
      row={(s) => <RolloutScheduleRow s={s} canOperate={canOperate} />}
    />
  );
}
