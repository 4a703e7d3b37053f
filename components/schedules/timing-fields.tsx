"use client";

import type { ReactNode } from "react";
import { RecurrenceFields } from "@/components/maintenance/recurrence-fields";
import { StartFields, type TTimeZones } from "@/components/maintenance/start-fields";
import { fieldMessage } from "@/components/ui/field";
import type { readTiming, TTimingDraft } from "./timing";

/** A schedule's first run (date, time, zone) and its recurrence; `leading` fields share the first run's row. */
export function ScheduleTimingFields({
  value,
  onChange,
  timing,
  zones,
  serverErrors,
  leading,
}: {
  value: TTimingDraft;
  onChange: (patch: Partial<TTimingDraft>) => void;
  timing: ReturnType<typeof readTiming>;
  zones: TTimeZones;
  serverErrors: Record<string, string>;
  leading?: ReactNode;
}) {
  return (
    <>
      <StartFields
        value={value}
        onChange={onChange}
        zones={zones}
        labels={{ date: "First run date", time: "Time", startsAt: "First run" }}
        serverErrors={serverErrors}
        startsAt={timing.startsAt}
        leading={leading}
      />
      <RecurrenceFields value={value.recurrence} onChange={(recurrence) => onChange({ recurrence })} rrule={timing.rrule} error={fieldMessage("Recurrence", serverErrors.rrule)} />
    </>
  );
}
