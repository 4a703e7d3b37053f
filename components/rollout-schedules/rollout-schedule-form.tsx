"use client";

import type { FormEvent } from "react";
import { ScopePicker } from "@/components/maintenance/scope-picker";
import { viewerTimeZone } from "@/components/maintenance/zones";
import { ScheduleFormFrame } from "@/components/schedules/schedule-form-frame";
import { initialTiming, timingOf, type TTimingDraft } from "@/components/schedules/timing";
import { ScheduleTimingFields } from "@/components/schedules/timing-fields";
import { useScheduleForm } from "@/components/schedules/use-schedule-form";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { batchesText, parseBatches } from "./batches";
import { rolloutScheduleQueries } from "./queries";
import type { TPatchCommand, TRebootPolicy, TRolloutSchedule, TRolloutTargets } from "./types";

const FIELDS = ["start", "timezone", "rrule", "rollout.targets", "rollout.batches", "rollout.reason", "rollout.rebootPolicy", "rollout.command"];
const NO_TARGETS: TRolloutTargets = { serverIds: [], groupIds: [], siteIds: [], tags: [] };

type Draft = TTimingDraft & { targets: TRolloutTargets; batches: string; rebootPolicy: TRebootPolicy; command: TPatchCommand; reason: string };

/** A week from today at 03:00 in the viewer's zone, weekly, a canary then a quarter at a time. */
function initialDraft(): Draft {
  return { ...initialTiming(new Date(), viewerTimeZone()), targets: NO_TARGETS, batches: "1, 25%", rebootPolicy: "if-required", command: { kind: "all" }, reason: "" };
}

function draftOf(s: TRolloutSchedule): Draft {
  const r = s.rollout;
  return { ...timingOf(s), targets: r.targets, batches: batchesText(r.batches), rebootPolicy: r.rebootPolicy, command: r.command, reason: r.reason };
}

/**
 * A rollout schedule, new or edited: the first run as a wall-clock time in a zone, the recurrence (the
 * maintenance builder), and the rollout each run starts. Editing keeps the settings this form does not show.
 */
export function RolloutScheduleForm({ schedule, onDone }: { schedule?: TRolloutSchedule; onDone: () => void }) {
  const f = useScheduleForm({ schedule, draftOf, initialDraft, queries: rolloutScheduleQueries, onDone });
  const { draft: d, set, server } = f;
  const batches = parseBatches(d.batches);
  const hasTargets = d.targets.serverIds.length + d.targets.groupIds.length + d.targets.siteIds.length + d.targets.tags.length > 0;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { start, timezone, rrule, problem } = f.timing;
    if (problem || !rrule) return f.setLocalError(problem);
    if (!hasTargets) return f.setLocalError("Pick at least one server, group, site or tag to patch.");
    if ("error" in batches) return f.setLocalError(batches.error);
    if (!d.reason.trim()) return f.setLocalError("Give a reason: it goes with every rollout this schedule starts.");
    f.setLocalError(undefined);
    const rollout = { ...schedule?.rollout, targets: d.targets, batches: batches.batches, rebootPolicy: d.rebootPolicy, command: d.command, reason: d.reason.trim() };
    if (schedule) f.updated.mutate({ start, timezone, rrule, rollout });
    else f.created.mutate({ start, timezone, rrule, enabled: true, rollout });
  }

  return (
    <ScheduleFormFrame label={schedule ? "Edit rollout schedule" : "Add rollout schedule"} onSubmit={submit} save={f.save} fields={FIELDS} localError={f.localError} onCancel={onDone}>
      <ScheduleTimingFields value={d} onChange={set} timing={f.timing} zones={f.zones} serverErrors={server} />
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
    </ScheduleFormFrame>
  );
}
