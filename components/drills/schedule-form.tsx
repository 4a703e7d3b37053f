"use client";

import type { FormEvent } from "react";
import { viewerTimeZone } from "@/components/maintenance/zones";
import { ScheduleFormFrame } from "@/components/schedules/schedule-form-frame";
import { initialTiming, timingOf, type TTimingDraft } from "@/components/schedules/timing";
import { ScheduleTimingFields } from "@/components/schedules/timing-fields";
import { useScheduleForm } from "@/components/schedules/use-schedule-form";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { drillScheduleQueries } from "./queries";
import type { TDrillMode, TDrillSchedule, TStopSeverity } from "./types";
import styles from "@/components/schedules/schedules.module.css";

const FIELDS = ["mode", "start", "timezone", "rrule", "onlyInMaintenanceWindow", "holdSeconds", "stopOnSeverity"];

type Draft = TTimingDraft & { mode: TDrillMode; onlyInMaintenanceWindow: boolean; holdSeconds: number; stopOnSeverity: TStopSeverity };

function initialDraft(): Draft {
  return { mode: "dry-run", ...initialTiming(new Date(), viewerTimeZone()), onlyInMaintenanceWindow: false, holdSeconds: 30, stopOnSeverity: "CRITICAL" };
}

/** An existing schedule as the form edits it. */
function draftOf(s: TDrillSchedule): Draft {
  return { mode: s.mode, ...timingOf(s), onlyInMaintenanceWindow: s.onlyInMaintenanceWindow, holdSeconds: s.holdSeconds, stopOnSeverity: s.stopOnSeverity };
}

/** A drill schedule, new or edited: mode, first run as a wall-clock time in a zone, the recurrence (the maintenance builder), and the drill's options. */
export function ScheduleForm({ groupId, schedule, onDone }: { groupId: string; schedule?: TDrillSchedule; onDone: () => void }) {
  const f = useScheduleForm({ schedule, draftOf, initialDraft, queries: drillScheduleQueries, onDone });
  const { draft: d, set, server } = f;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { start, timezone, rrule, problem } = f.timing;
    if (problem || !rrule) return f.setLocalError(problem);
    f.setLocalError(undefined);
    const settings = { mode: d.mode, start, timezone, rrule, onlyInMaintenanceWindow: d.onlyInMaintenanceWindow, holdSeconds: d.holdSeconds, stopOnSeverity: d.stopOnSeverity };
    if (schedule) f.updated.mutate(settings);
    else f.created.mutate({ groupId, ...settings, enabled: true });
  }

  return (
    <ScheduleFormFrame label={schedule ? "Edit drill schedule" : "Add drill schedule"} onSubmit={submit} save={f.save} fields={FIELDS} localError={f.localError} onCancel={onDone}>
      <ScheduleTimingFields
        value={d}
        onChange={set}
        timing={f.timing}
        zones={f.zones}
        serverErrors={server}
        leading={
          <SelectField label="Mode" value={d.mode} onChange={(e) => set({ mode: e.target.value as TDrillMode })} error={fieldMessage("Mode", server.mode)}>
            <option value="dry-run">Dry run</option>
            <option value="live">Live drill (real switchover and failback)</option>
          </SelectField>
        }
      />
      <label className={styles.check}>
        <input type="checkbox" checked={d.onlyInMaintenanceWindow} onChange={(e) => set({ onlyInMaintenanceWindow: e.target.checked })} />
        Only inside a maintenance window of this group (skipped otherwise)
      </label>
      {d.mode === "live" ? (
        <div className="form-row">
          <TextField
            label="Hold (seconds)"
            type="number"
            min={0}
            max={3600}
            value={d.holdSeconds}
            onChange={(e) => set({ holdSeconds: Math.max(0, Math.min(3600, Math.floor(Number(e.target.value) || 0))) })}
            error={fieldMessage("Hold", server.holdSeconds)}
          />
          <SelectField label="Stop on alerts of severity" value={d.stopOnSeverity} onChange={(e) => set({ stopOnSeverity: e.target.value as TStopSeverity })}>
            <option value="CRITICAL">Critical</option>
            <option value="WARNING">Warning or critical</option>
          </SelectField>
        </div>
      ) : null}
    </ScheduleFormFrame>
  );
}
