"use client";

import { useId, useMemo, useState, type FormEvent } from "react";
import { ZonedTime } from "@/components/maintenance/labels";
import { defaultRecurrence, fromRrule, toRrule, type Recurrence } from "@/components/maintenance/recurrence";
import { RecurrenceFields } from "@/components/maintenance/recurrence-fields";
import { fromLocalInput, knownTimeZones, toLocalInput, viewerTimeZone } from "@/components/maintenance/zones";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { QueryError } from "@/components/ui/messages";
import { fieldErrorsOf } from "@/components/ui/mutations";
import { useCreateSchedule, useUpdateSchedule } from "./queries";
import type { TDrillMode, TDrillSchedule, TStopSeverity } from "./types";
import styles from "./drills.module.css";

const FIELDS = ["mode", "start", "timezone", "rrule", "onlyInMaintenanceWindow", "holdSeconds", "stopOnSeverity"];

type Draft = { mode: TDrillMode; date: string; time: string; timezone: string; recurrence: Recurrence; onlyInMaintenanceWindow: boolean; holdSeconds: number; stopOnSeverity: TStopSeverity };

/** A week from today at 03:00 in the viewer's zone, weekly: a quiet default, and never due while the form is still open. */
function initialDraft(): Draft {
  const timezone = viewerTimeZone();
  const date = toLocalInput(new Date(Date.now() + 7 * 86_400_000), timezone).slice(0, 10);
  const local = `${date}T03:00`;
  return { mode: "dry-run", date, time: "03:00", timezone, recurrence: { ...defaultRecurrence(local), kind: "weekly" }, onlyInMaintenanceWindow: false, holdSeconds: 30, stopOnSeverity: "CRITICAL" };
}

/** An existing schedule as the form edits it. */
function draftOf(s: TDrillSchedule): Draft {
  const [date = "", time = "03:00"] = s.start.split("T");
  return { mode: s.mode, date, time, timezone: s.timezone, recurrence: fromRrule(s.rrule, s.start, s.timezone), onlyInMaintenanceWindow: s.onlyInMaintenanceWindow, holdSeconds: s.holdSeconds, stopOnSeverity: s.stopOnSeverity };
}

/** A drill schedule, new or edited: mode, first run as a wall-clock time in a zone, the recurrence (the maintenance builder), and the drill's options. */
export function ScheduleForm({ groupId, schedule, onDone }: { groupId: string; schedule?: TDrillSchedule; onDone: () => void }) {
  const [d, setDraft] = useState(() => (schedule ? draftOf(schedule) : initialDraft()));
  const set = (patch: Partial<Draft>) => setDraft((prev) => ({ ...prev, ...patch }));
  const zones = useMemo(() => knownTimeZones(viewerTimeZone(), "UTC"), []);
  const zoneSet = useMemo(() => new Set(zones), [zones]);
  const zoneListId = useId();
  const created = useCreateSchedule(onDone);
  const updated = useUpdateSchedule(schedule?.id ?? "", onDone);
  const save = schedule ? updated : created;
  const server = fieldErrorsOf(save.error);
  const [localError, setLocalError] = useState<string>();

  const zone = d.timezone.trim();
  const start = `${d.date}T${d.time}`;
  const validStart = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(start) && zoneSet.has(zone);
  const rrule = validStart ? toRrule(d.recurrence, zone) : null;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!validStart) return setLocalError("Give a start date, time and a time zone from the list.");
    if (!rrule) return setLocalError("A schedule repeats: pick how often.");
    if (d.recurrence.kind === "weekly" && d.recurrence.weekdays.length === 0) return setLocalError("Pick at least one weekday.");
    setLocalError(undefined);
    const settings = { mode: d.mode, start, timezone: zone, rrule, onlyInMaintenanceWindow: d.onlyInMaintenanceWindow, holdSeconds: d.holdSeconds, stopOnSeverity: d.stopOnSeverity };
    if (schedule) updated.mutate(settings);
    else created.mutate({ groupId, ...settings, enabled: true });
  }

  return (
    <form className={`form ${styles.scheduleForm}`} onSubmit={submit} noValidate aria-label={schedule ? "Edit drill schedule" : "Add drill schedule"}>
      <QueryError result={save} fields={FIELDS} />
      {localError ? <p className="field-error">{localError}</p> : null}
      <div className="form-row">
        <SelectField label="Mode" value={d.mode} onChange={(e) => set({ mode: e.target.value as TDrillMode })} error={fieldMessage("Mode", server.mode)}>
          <option value="dry-run">Dry run</option>
          <option value="live">Live drill (real switchover and failback)</option>
        </SelectField>
        <TextField label="First run date" type="date" value={d.date} onChange={(e) => set({ date: e.target.value })} required error={fieldMessage("Start", server.start)} />
        <TextField label="Time" type="time" value={d.time} onChange={(e) => set({ time: e.target.value })} required />
        <TextField
          label="Time zone"
          list={zoneListId}
          value={d.timezone}
          onChange={(e) => set({ timezone: e.target.value })}
          autoComplete="off"
          required
          error={fieldMessage("Time zone", server.timezone) ?? (zoneSet.has(zone) ? undefined : "Pick a time zone from the list.")}
        />
        <datalist id={zoneListId}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      {validStart ? (
        <p className="hint">
          First run <ZonedTime iso={fromLocalInput(start, zone).toISOString()} zone={zone} />
        </p>
      ) : null}
      <RecurrenceFields value={d.recurrence} onChange={(recurrence) => set({ recurrence })} rrule={rrule} error={fieldMessage("Recurrence", server.rrule)} />
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
