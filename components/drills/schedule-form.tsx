"use client";

import { useState, type FormEvent } from "react";
import { useTimeZones } from "@/components/maintenance/start-fields";
import { viewerTimeZone } from "@/components/maintenance/zones";
import { initialTiming, readTiming, timingOf, type TTimingDraft } from "@/components/schedules/timing";
import { ScheduleTimingFields } from "@/components/schedules/timing-fields";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { QueryError } from "@/components/ui/messages";
import { fieldErrorsOf } from "@/components/ui/mutations";
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
  const [d, setDraft] = useState(() => (schedule ? draftOf(schedule) : initialDraft()));
  const set = (patch: Partial<Draft>) => setDraft((prev) => ({ ...prev, ...patch }));
  const zones = useTimeZones();
  const created = drillScheduleQueries.useCreate(onDone);
  const updated = drillScheduleQueries.useUpdate(schedule?.id ?? "", onDone);
  const save = schedule ? updated : created;
  const server = fieldErrorsOf(save.error);
  const [localError, setLocalError] = useState<string>();
  const timing = readTiming(d, zones.has);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { start, timezone, rrule, problem } = timing;
    if (problem || !rrule) return setLocalError(problem);
    setLocalError(undefined);
    const settings = { mode: d.mode, start, timezone, rrule, onlyInMaintenanceWindow: d.onlyInMaintenanceWindow, holdSeconds: d.holdSeconds, stopOnSeverity: d.stopOnSeverity };
    if (schedule) updated.mutate(settings);
    else created.mutate({ groupId, ...settings, enabled: true });
  }

  return (
    <form className={`form ${styles.form}`} onSubmit={submit} noValidate aria-label={schedule ? "Edit drill schedule" : "Add drill schedule"}>
      <QueryError result={save} fields={FIELDS} />
      {localError ? <p className="field-error">{localError}</p> : null}
      <ScheduleTimingFields
        value={d}
        onChange={set}
        timing={timing}
        zones={zones}
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
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save schedule"}
        </button>
        <button type="button" className="btn" onClick={onDone} disabled={save.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
