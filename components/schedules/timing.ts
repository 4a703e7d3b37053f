// When a schedule runs, as its forms edit it: the first run as a wall-clock time in a zone, and a recurrence.
import { defaultRecurrence, fromRrule, toRrule, type Recurrence } from "@/components/maintenance/recurrence";
import { fromLocalInput, toLocalInput } from "@/components/maintenance/zones";

export type TTimingDraft = { date: string; time: string; timezone: string; recurrence: Recurrence };

/** A week from `now` at 03:00 in `timezone`, weekly: a quiet default, and never due while the form is still open. */
export function initialTiming(now: Date, timezone: string): TTimingDraft {
  const date = toLocalInput(new Date(now.getTime() + 7 * 86_400_000), timezone).slice(0, 10);
  return { date, time: "03:00", timezone, recurrence: { ...defaultRecurrence(`${date}T03:00`), kind: "weekly" } };
}

/** A saved schedule's timing as the form edits it. */
export function timingOf(s: { start: string; timezone: string; rrule: string }): TTimingDraft {
  const [date = "", time = "03:00"] = s.start.split("T");
  return { date, time, timezone: s.timezone, recurrence: fromRrule(s.rrule, s.start, s.timezone) };
}

/** The draft as the API takes it, with the first reason it cannot be saved yet (if any). */
export function readTiming(d: TTimingDraft, knownZone: (zone: string) => boolean) {
  const timezone = d.timezone.trim();
  const start = `${d.date}T${d.time}`;
  const validStart = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(start) && knownZone(timezone);
  const rrule = validStart ? toRrule(d.recurrence, timezone) : null;
  const problem = !validStart
    ? "Give a start date, time and a time zone from the list."
    : !rrule
      ? "A schedule repeats: pick how often."
      : d.recurrence.kind === "weekly" && d.recurrence.weekdays.length === 0
        ? "Pick at least one weekday."
        : undefined;
  return { start, timezone, rrule, startsAt: validStart ? fromLocalInput(start, timezone) : null, problem };
}
