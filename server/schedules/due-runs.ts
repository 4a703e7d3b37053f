// What a schedule owes when the scheduler looks at it: which runs were missed,
// which one runs, when the next is; and how missed runs are recorded.
import { localOf, occurrencesBetween, type WindowTiming } from "../maintenance/occurrences";
import { nextRunAfter } from "./timing";

export type DueRuns = { missed: Date[]; run: Date | null; next: Date | null };

/** Missed runs get a row each up to this many (the newest); one more row counts the rest. */
const MAX_MISSED_ROWS = 20;

/**
 * What a schedule whose next run was `nextRunAt` owes at `now`: the runs older
 * than the grace (and any the newest one supersedes) are missed, the newest
 * within the grace runs, and the next run is the first after now.
 */
export function dueRuns(timing: WindowTiming, nextRunAt: Date, now: Date, graceMs: number): DueRuns {
  const startsIn = (from: Date, to: Date) => occurrencesBetween(timing, from, to).map((o) => o.start).filter((s) => s >= from && s < to);
  const graceFrom = new Date(Math.max(nextRunAt.getTime(), now.getTime() - graceMs));
  const late = startsIn(nextRunAt, graceFrom);
  const current = startsIn(graceFrom, new Date(now.getTime() + 1));
  return { missed: [...late, ...current.slice(0, -1)], run: current.at(-1) ?? null, next: nextRunAfter(timing, now) };
}

export const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");
const when = (d: Date, timezone: string) => `${localOf(d, timezone).replace("T", " ")} ${timezone} (${iso(d)})`;

/** The rows recording missed runs: the newest ones one by one, the older rest summed up in a row at the oldest. */
export function missedRows(missed: Date[], timezone: string): { dueAt: Date; detail: string }[] {
  const each = missed.slice(-MAX_MISSED_ROWS).map((d) => ({ dueAt: d, detail: `Tandem was not running at ${when(d, timezone)}` }));
  const rest = missed.slice(0, -MAX_MISSED_ROWS);
  if (!rest.length) return each;
  const detail = `Tandem was not running for ${rest.length} more runs, from ${when(rest[0]!, timezone)} to ${when(rest.at(-1)!, timezone)}`;
  return [{ dueAt: rest[0]!, detail }, ...each];
}
