// A schedule's timing, whatever it starts: its first run as a wall-clock time
// in an IANA zone, repeated by an RRULE (occurrences.ts does the calendar).
import { nextOccurrence, placeLocal, type WindowTiming } from "../maintenance/occurrences";

type TimingColumns = { localStart: string; timezone: string; rrule: string };

/** A schedule fires at an instant; occurrences.ts reads it as a one-minute window. */
export const timingOf = (s: TimingColumns): WindowTiming => ({ localStart: s.localStart, timezone: s.timezone, rrule: s.rrule, durationMinutes: 1 });

/** The first run after `now`; null when the series has ended. */
export function nextRunAfter(timing: WindowTiming, now: Date): Date | null {
  // nextOccurrence looks one year ahead: a series starting later is searched from its start.
  const first = placeLocal(timing.localStart, timing.timezone);
  return nextOccurrence(timing, first > now ? new Date(first.getTime() - 1) : now)?.start ?? null;
}
