"use client";

import { ApiError } from "@/components/api/fetch-json";
import { ScheduleRow } from "@/components/schedules/schedule-row";
import { SchedulesSection } from "@/components/schedules/schedules-section";
import { ErrorAlert } from "@/components/ui/messages";
import { modeText } from "./drill-format";
import { drillScheduleQueries } from "./queries";
import { ScheduleForm } from "./schedule-form";
import type { TDrillSchedule } from "./types";

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
  const missing = q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 405);
  return (
    <SchedulesSection
      headingId="drill-schedules"
      headingLevel="h3"
      label="Drill schedules"
      columns={COLUMNS}
      query={q}
      canAdd={canOperate && !missing}
      error={missing ? <ErrorAlert>Drill schedules are not available on this Tandem server yet.</ErrorAlert> : undefined}
      empty="No drill is scheduled for this group."
      addForm={(close) => <ScheduleForm groupId={groupId} onDone={close} />}
      row={(s) => <DrillScheduleRow s={s} canOperate={canOperate} />}
    />
  );
}
