"use client";

import { SelectField, TextField } from "@/components/ui/field";
import { RECURRENCE_KINDS, SET_POSITIONS, WEEKDAYS, type Recurrence, type TRecurrenceKind, type TWeekday } from "./recurrence";
import styles from "./maintenance.module.css";

const UNIT: Partial<Record<TRecurrenceKind, string>> = { daily: "days", weekly: "weeks", monthlyDay: "months", monthlyWeekday: "months" };

/** The recurrence builder: the kind, its details, an optional end, and the RRULE it makes. */
export function RecurrenceFields({ value, onChange, rrule, error }: { value: Recurrence; onChange: (r: Recurrence) => void; rrule: string | null; error?: string }) {
  const set = (patch: Partial<Recurrence>) => onChange({ ...value, ...patch });
  const unit = UNIT[value.kind];
  return (
    <fieldset className={styles.recurrence}>
      <legend>Recurrence</legend>
      <div className="form-row">
        <SelectField label="Repeats" value={value.kind} onChange={(e) => set({ kind: e.target.value as TRecurrenceKind })} error={value.kind === "custom" ? undefined : error}>
          {RECURRENCE_KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </SelectField>
        {unit ? (
          <TextField
            label={`Every (${unit})`}
            type="number"
            min={1}
            max={999}
            value={value.interval}
            onChange={(e) => set({ interval: Math.max(1, Math.floor(Number(e.target.value) || 1)) })}
          />
        ) : null}
        {value.kind === "monthlyDay" ? (
          <SelectField label="On day" value={value.monthDay} onChange={(e) => set({ monthDay: Number(e.target.value) })}>
            {Array.from({ length: 31 }, (_, i) => (
              <option key={i + 1} value={i + 1}>
                {i + 1}
              </option>
            ))}
            <option value={-1}>Last day</option>
          </SelectField>
        ) : null}
        {value.kind === "monthlyWeekday" ? (
          <>
            <SelectField label="Which" value={value.setPos} onChange={(e) => set({ setPos: Number(e.target.value) })}>
              {SET_POSITIONS.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </SelectField>
            <SelectField label="Weekday" value={value.weekday} onChange={(e) => set({ weekday: e.target.value as TWeekday })}>
              {WEEKDAYS.map((w) => (
                <option key={w.code} value={w.code}>
                  {w.label}
                </option>
              ))}
            </SelectField>
          </>
        ) : null}
      </div>
      {value.kind === "weekly" ? (
        <fieldset className={styles.weekdays}>
          <legend>On</legend>
          {WEEKDAYS.map((w) => (
            <label key={w.code}>
              <input
                type="checkbox"
                checked={value.weekdays.includes(w.code)}
                onChange={(e) => set({ weekdays: e.target.checked ? [...value.weekdays, w.code] : value.weekdays.filter((d) => d !== w.code) })}
              />{" "}
              <abbr title={w.label}>{w.short}</abbr>
            </label>
          ))}
        </fieldset>
      ) : null}
      {value.kind === "custom" ? (
        <TextField label="RRULE" value={value.custom} onChange={(e) => set({ custom: e.target.value })} hint="For example FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2" error={error} autoComplete="off" />
      ) : null}
      {value.kind !== "none" && value.kind !== "custom" ? (
        <div className="form-row">
          <SelectField label="Ends" value={value.end} onChange={(e) => set({ end: e.target.value as Recurrence["end"] })}>
            <option value="never">Never</option>
            <option value="count">After a number of times</option>
            <option value="until">On a date</option>
          </SelectField>
          {value.end === "count" ? (
            <TextField label="Times" type="number" min={1} max={9999} value={value.count} onChange={(e) => set({ count: Math.max(1, Math.floor(Number(e.target.value) || 1)) })} />
          ) : null}
          {value.end === "until" ? <TextField label="Last day" type="date" value={value.until} onChange={(e) => set({ until: e.target.value })} hint="Included, in the window's time zone." /> : null}
        </div>
      ) : null}
      {rrule ? (
        <p className="hint">
          RRULE: <code data-testid="rrule">{rrule}</code>
        </p>
      ) : null}
    </fieldset>
  );
}
