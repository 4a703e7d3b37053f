"use client";

import { useId, useMemo, type ReactNode } from "react";
import { TextField, fieldMessage } from "@/components/ui/field";
import { ZonedTime } from "./labels";
import { knownTimeZones, viewerTimeZone } from "./zones";

/** The zones a start can be given in (the browser's list, the viewer's and UTC), and a lookup. */
export function useTimeZones() {
  const list = useMemo(() => knownTimeZones(viewerTimeZone(), "UTC"), []);
  const set = useMemo(() => new Set(list), [list]);
  return { list, has: (zone: string) => set.has(zone.trim()) };
}

export type TTimeZones = ReturnType<typeof useTimeZones>;
export type TStartDraft = { date: string; time: string; timezone: string };

/**
 * A start as a wall-clock date and time in an IANA zone (picked from a searchable list), and, once it is
 * complete, when that is in both zones. `leading` fields go first in the same row.
 */
export function StartFields({
  value,
  onChange,
  zones,
  labels,
  zoneHint,
  serverErrors,
  startsAt,
  leading,
}: {
  value: TStartDraft;
  onChange: (patch: Partial<TStartDraft>) => void;
  zones: TTimeZones;
  labels: { date: string; time: string; startsAt: string };
  zoneHint?: string;
  /** The server's messages for `start` and `timezone`. */
  serverErrors: { start?: string; timezone?: string };
  /** The start as an instant, or null while it is incomplete. */
  startsAt: Date | null;
  leading?: ReactNode;
}) {
  const zoneListId = useId();
  return (
    <>
      <div className="form-row">
        {leading}
        <TextField label={labels.date} type="date" value={value.date} onChange={(e) => onChange({ date: e.target.value })} required error={fieldMessage("Start", serverErrors.start)} />
        <TextField label={labels.time} type="time" value={value.time} onChange={(e) => onChange({ time: e.target.value })} required />
        <TextField
          label="Time zone"
          list={zoneListId}
          value={value.timezone}
          onChange={(e) => onChange({ timezone: e.target.value })}
          autoComplete="off"
          required
          hint={zoneHint}
          error={fieldMessage("Time zone", serverErrors.timezone) ?? (zones.has(value.timezone) ? undefined : "Pick a time zone from the list.")}
        />
        <datalist id={zoneListId}>
          {zones.list.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      {startsAt ? (
        <p className="hint">
          {labels.startsAt} <ZonedTime iso={startsAt.toISOString()} zone={value.timezone.trim()} />
        </p>
      ) : null}
    </>
  );
}
