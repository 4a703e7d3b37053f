"use client";

import { useId, useMemo, useState, type FormEvent } from "react";
import { ZonedTime } from "@/components/maintenance/labels";
import { defaultRecurrence, fromRrule, toRrule, type Recurrence } from "@/components/maintenance/recurrence";
import { RecurrenceFields } from "@/components/maintenance/recurrence-fields";
import { ScopePicker } from "@/components/maintenance/scope-picker";
import { fromLocalInput, knownTimeZones, toLocalInput, viewerTimeZone } from "@/components/maintenance/zones";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { QueryError } from "@/components/ui/messages";
import { fieldErrorsOf } from "@/components/ui/mutations";
import { batchesText, parseBatches } from "./batches";
import { useCreateRolloutSchedule, useUpdateRolloutSchedule } from "./queries";
import type { TPatchCommand, TRebootPolicy, TRolloutSchedule, TRolloutTargets } from "./types";
import styles from "./rollout-schedules.module.css";

const FIELDS = ["start", "timezone", "rrule", "rollout.targets", "rollout.batches", "rollout.reason", "rollout.rebootPolicy", "rollout.command"];
const NO_TARGETS: TRolloutTargets = { serverIds: [], groupIds: [], siteIds: [], tags: [] };

type Draft = {
  date: string;
  time: string;
  timezone: string;
  recurrence: Recurrence;
  targets: TRolloutTargets;
  batches: string;
  rebootPolicy: TRebootPolicy;
  command: TPatchCommand;
  reason: string;
};

/** A week from today at 03:00 in the viewer's zone, weekly, a canary then a quarter at a time. */
function initialDraft(): Draft {
  const timezone = viewerTimeZone();
  const date = toLocalInput(new Date(Date.now() + 7 * 86_400_000), timezone).slice(0, 10);
  const recurrence = { ...defaultRecurrence(`${date}T03:00`), kind: "weekly" as const };
  return { date, time: "03:00", timezone, recurrence, targets: NO_TARGETS, batches: "1, 25%", rebootPolicy: "if-required", command: { kind: "all" }, reason: "" };
}

function draftOf(s: TRolloutSchedule): Draft {
  const [date = "", time = "03:00"] = s.start.split("T");
  const r = s.rollout;
  return { date, time, timezone: s.timezone, recurrence: fromRrule(s.rrule, s.start, s.timezone), targets: r.targets, batches: batchesText(r.batches), rebootPolicy: r.rebootPolicy, command: r.command, reason: r.reason };
}

/**
 * A rollout schedule, new or edited: the first run as a wall-clock time in a zone, the recurrence (the
 * maintenance builder), and the rollout each run starts. Editing keeps the settings this form does not show.
 */
export function RolloutScheduleForm({ schedule, onDone }: { schedule?: TRolloutSchedule; onDone: () => void }) {
  const [d, setDraft] = useState(() => (schedule ? draftOf(schedule) : initialDraft()));
  const set = (patch: Partial<Draft>) => setDraft((prev) => ({ ...prev, ...patch }));
  const zones = useMemo(() => knownTimeZones(viewerTimeZone(), "UTC"), []);
  const zoneSet = useMemo(() => new Set(zones), [zones]);
  const zoneListId = useId();
  const created = useCreateRolloutSchedule(onDone);
  const updated = useUpdateRolloutSchedule(schedule?.id ?? "", onDone);
  const save = schedule ? updated : created;
  const server = fieldErrorsOf(save.error);
  const [localError, setLocalError] = useState<string>();

  const zone = d.timezone.trim();
  const start = `${d.date}T${d.time}`;
  const validStart = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(start) && zoneSet.has(zone);
  const rrule = validStart ? toRrule(d.recurrence, zone) : null;
  const batches = parseBatches(d.batches);
  const hasTargets = d.targets.serverIds.length + d.targets.groupIds.length + d.targets.siteIds.length + d.targets.tags.length > 0;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!validStart) return setLocalError("Give a start date, time and a time zone from the list.");
    if (!rrule) return setLocalError("A schedule repeats: pick how often.");
    if (d.recurrence.kind === "weekly" && d.recurrence.weekdays.length === 0) return setLocalError("Pick at least one weekday.");
    if (!hasTargets) return setLocalError("Pick at least one server, group, site or tag to patch.");
    if ("error" in batches) return setLocalError(batches.error);
    if (!d.reason.trim()) return setLocalError("Give a reason: it goes with every rollout this schedule starts.");
    setLocalError(undefined);
    const rollout = { ...schedule?.rollout, targets: d.targets, batches: batches.batches, rebootPolicy: d.rebootPolicy, command: d.command, reason: d.reason.trim() };
    if (schedule) updated.mutate({ start, timezone: zone, rrule, rollout });
    else created.mutate({ start, timezone: zone, rrule, enabled: true, rollout });
  }

  return (
    <form className={`form ${styles.form}`} onSubmit={submit} noValidate aria-label={schedule ? "Edit rollout schedule" : "Add rollout schedule"}>
      <QueryError result={save} fields={FIELDS} />
      {localError ? <p className="field-error">{localError}</p> : null}
      <div className="form-row">
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
      <ScopePicker title="Targets" value={d.targets} onChange={(targets) => set({ targets })} error={server["rollout.targets"]} />
      <div className="form-row">
        <TextField
          label="Batches"
          value={d.batches}
          onChange={(e) => set({ batches: e.target.value })}
          hint="Sizes of the first batches, counts or percents; the last repeats. Each run plans them against the fleet as it is then."
          error={"error" in batches ? batches.error : fieldMessage("Batches", server["rollout.batches"])}
        />
        <SelectField label="Reboot" value={d.rebootPolicy} onChange={(e) => set({ rebootPolicy: e.target.value as TRebootPolicy })}>
          <option value="if-required">If the server requires it</option>
          <option value="always">Always</option>
          <option value="never">Never</option>
        </SelectField>
        {d.command.kind === "custom" ? (
          <TextField label="Command" value="Custom script (set by an admin)" readOnly hint="Only an admin may change it." />
        ) : (
          <SelectField label="Command" value={d.command.kind} onChange={(e) => set({ command: { kind: e.target.value as "all" | "security" } })}>
            <option value="all">All updates</option>
            <option value="security">Security updates only</option>
          </SelectField>
        )}
      </div>
      <TextField label="Reason" value={d.reason} onChange={(e) => set({ reason: e.target.value })} maxLength={500} required hint="Recorded with every rollout this schedule starts." error={fieldMessage("Reason", server["rollout.reason"])} />
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
