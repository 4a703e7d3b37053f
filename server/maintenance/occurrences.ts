// When a maintenance window runs, pure (no clock of its own). A recurring
// window repeats a wall-clock time in its IANA zone: the recurrence is expanded
// over local dates with rrule-temporal (in a zone without DST, so every local
// time exists once), then each local start is placed in the window's zone:
//   - a start in a DST gap (02:30 on the spring-forward night) runs at the
//     same instant as RFC 5545 gives a one-off DATE-TIME there: shifted
//     forward by the gap (03:30), not skipped: a nightly window still happens;
//   - a start in the repeated hour (02:30 on the fall-back night) is the
//     first 02:30, as RFC 5545 says;
//   - the duration is elapsed time: a 3 h window over the fall-back hour lasts
//     3 h, ending at a wall time one hour earlier than on other nights.
// UNTIL is an instant (UTC) and is applied to the placed starts.
import { Temporal } from "temporal-polyfill";
import { RRuleTemporal } from "rrule-temporal";
import { toText } from "rrule-temporal/totext";

export type WindowTiming = {
  /** Wall-clock start of the first occurrence in `timezone`, "YYYY-MM-DDTHH:mm". */
  localStart: string;
  timezone: string;
  durationMinutes: number;
  rrule: string | null;
  /** "End now": the occurrence starting at endedOccurrence ended at endedAt. */
  endedOccurrence?: Date | null;
  endedAt?: Date | null;
  cancelledAt?: Date | null;
};

export type Occurrence = { start: Date; end: Date };

const FREQS = new Set(["DAILY", "WEEKLY", "MONTHLY"]);
const PARTS = new Set(["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYSETPOS", "COUNT", "UNTIL", "WKST"]);
/** Enough for a daily window over ten years; a calendar never asks for more. */
const MAX_OCCURRENCES = 5000;

export class RruleError extends Error {
  override name = "RruleError";
}

type ParsedRule = { body: string; until: Date | null };

/** Checks the rule is one Tandem supports and splits off UNTIL (applied as an instant). */
export function parseRrule(input: string): ParsedRule {
  const text = input.trim().replace(/^RRULE:/i, "");
  const parts = new Map<string, string>();
  for (const p of text.split(";")) {
    const [k, v] = p.split("=");
    if (!k || v === undefined || !v) throw new RruleError(`"${p}" is not KEY=VALUE`);
    const key = k.toUpperCase();
    if (!PARTS.has(key)) throw new RruleError(`${key} is not supported (use ${[...PARTS].join(", ")})`);
    if (parts.has(key)) throw new RruleError(`${key} is given twice`);
    parts.set(key, v.toUpperCase());
  }
  const freq = parts.get("FREQ");
  if (!freq || !FREQS.has(freq)) throw new RruleError("FREQ must be DAILY, WEEKLY or MONTHLY");
  if (parts.has("COUNT") && parts.has("UNTIL")) throw new RruleError("COUNT and UNTIL cannot both be given");
  const interval = parts.get("INTERVAL");
  if (interval !== undefined && !/^[1-9]\d{0,2}$/.test(interval)) throw new RruleError("INTERVAL must be a whole number from 1 to 999");
  const count = parts.get("COUNT");
  if (count !== undefined && !/^[1-9]\d{0,3}$/.test(count)) throw new RruleError("COUNT must be a whole number from 1 to 9999");
  let until: Date | null = null;
  const u = parts.get("UNTIL");
  if (u !== undefined) {
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(u);
    if (!m) throw new RruleError("UNTIL must be a UTC date-time like 20271231T235959Z");
    until = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 23), +(m[5] ?? 59), +(m[6] ?? 59)));
    parts.delete("UNTIL");
  }
  const body = [...parts].map(([k, v]) => `${k}=${v}`).join(";");
  // Let the library judge the rest (BYDAY values and the like) on a sample start.
  try {
    new RRuleTemporal({ rruleString: `DTSTART;TZID=UTC:20260105T000000\nRRULE:${body}`, temporal: Temporal }).all((_, i) => i < 1);
  } catch (e) {
    throw new RruleError(e instanceof Error ? e.message : String(e));
  }
  return { body, until };
}

const plain = (local: string) => Temporal.PlainDateTime.from(local);
const icsLocal = (p: Temporal.PlainDateTime) => p.toString({ smallestUnit: "second" }).replace(/[-:]/g, "");

/** The instant a wall-clock time names in a zone: a gap resolves forward, a repeated hour to its first pass. */
export function placeLocal(local: Temporal.PlainDateTime | string, timezone: string): Date {
  const p = typeof local === "string" ? plain(local) : local;
  return new Date(p.toZonedDateTime(timezone, { disambiguation: "compatible" }).epochMilliseconds);
}

/** The wall-clock time of an instant in a zone, "YYYY-MM-DDTHH:mm". */
export function localOf(at: Date, timezone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timezone).toPlainDateTime().toString({ smallestUnit: "minute" });
}

function withEarlyEnd(o: Occurrence, w: WindowTiming): Occurrence {
  if (w.endedOccurrence && w.endedAt && w.endedOccurrence.getTime() === o.start.getTime()) return { start: o.start, end: new Date(Math.max(o.start.getTime(), Math.min(o.end.getTime(), w.endedAt.getTime()))) };
  return o;
}

/** Occurrences that overlap [from, to), in order; an ended-early occurrence ends when it was ended, a zero-length one is left out. */
export function occurrencesBetween(w: WindowTiming, from: Date, to: Date, limit = MAX_OCCURRENCES): Occurrence[] {
  const durMs = w.durationMinutes * 60_000;
  const out: Occurrence[] = [];
  const push = (start: Date) => {
    const o = withEarlyEnd({ start, end: new Date(start.getTime() + durMs) }, w);
    if (o.end > from && o.start < to && o.end > o.start && (!w.cancelledAt || o.start < w.cancelledAt)) out.push(cancelCut(o, w.cancelledAt));
  };
  if (!w.rrule) {
    push(placeLocal(w.localStart, w.timezone));
    return out;
  }
  const rule = parseRrule(w.rrule);
  const rr = new RRuleTemporal({ rruleString: `DTSTART;TZID=UTC:${icsLocal(plain(w.localStart))}\nRRULE:${rule.body}`, temporal: Temporal });
  // Local (floating) bounds padded by a day each side cover any zone offset; placed starts are then filtered exactly.
  const pad = 26 * 3600_000;
  const fromLocal = new Date(from.getTime() - durMs - pad);
  const toLocal = new Date(to.getTime() + pad);
  const local = rr.between(fromLocal, toLocal, true);
  for (const z of local) {
    if (out.length >= limit) break;
    const start = placeLocal(z.toPlainDateTime(), w.timezone);
    if (rule.until && start > rule.until) break;
    push(start);
  }
  return out;
}

/** A cancelled window's running occurrence ends at the cancellation. */
function cancelCut(o: Occurrence, cancelledAt: Date | null | undefined): Occurrence {
  return cancelledAt && cancelledAt < o.end ? { start: o.start, end: cancelledAt } : o;
}

/** The occurrence running at `now`, if any. */
export function activeOccurrence(w: WindowTiming, now: Date): Occurrence | null {
  return occurrencesBetween(w, now, new Date(now.getTime() + 1)).find((o) => o.start <= now && now < o.end) ?? null;
}

/** The first occurrence starting after `now` (searching a year ahead). */
export function nextOccurrence(w: WindowTiming, now: Date): Occurrence | null {
  return occurrencesBetween(w, now, new Date(now.getTime() + 366 * 86_400_000), 50).find((o) => o.start > now) ?? null;
}

/** The next `n` occurrences from `now` on, including one running now. */
export function upcoming(w: WindowTiming, now: Date, n: number): Occurrence[] {
  return occurrencesBetween(w, now, new Date(now.getTime() + 2 * 366 * 86_400_000), n);
}

/** "every week on Tuesday and Thursday at 2:30 AM (Europe/Berlin)" / "once". */
export function describeRecurrence(w: Pick<WindowTiming, "localStart" | "timezone" | "rrule">): string {
  if (!w.rrule) return "once";
  const rule = parseRrule(w.rrule);
  const rr = new RRuleTemporal({ rruleString: `DTSTART;TZID=UTC:${icsLocal(plain(w.localStart))}\nRRULE:${rule.body}`, temporal: Temporal });
  const until = rule.until ? ` until ${rule.until.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
  return `${toText(rr, "en", { excludeTzAbbreviation: true })}${until} (${w.timezone})`;
}
