// Times of maintenance windows in two zones: the window's own (where the
// maintenance is planned) and the viewer's. Pure: zones and "now" are passed in.

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number; weekday: number };

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", weekday: "short" });
    partsFormats.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The wall clock in `timeZone` at `at` (weekday: 0 = Sunday). */
export function wallClock(at: Date, timeZone: string): WallClock {
  const p = Object.fromEntries(partsFormat(timeZone).formatToParts(at).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour) % 24, minute: Number(p.minute), weekday: WEEKDAYS.indexOf(p.weekday ?? "") };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-12-01T02:30": the wall clock in `timeZone`, as the API's `start` takes it. */
export function toLocalInput(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant a wall-clock "YYYY-MM-DDTHH:mm" names in `timeZone`, placed as
 * the server places it (RFC 5545): a time in the fall-back hour is the first
 * of the two; a time in a DST gap moves forward by the gap.
 */
export function fromLocalInput(local: string, timeZone: string): Date {
  const [date = "", time = "00:00"] = local.split("T");
  const [y, m, d] = date.split("-").map(Number);
  const [h, min] = time.split(":").map(Number);
  const asUtc = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, h ?? 0, min ?? 0);
  const offsetAt = (t: number) => {
    const w = wallClock(new Date(t), timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(t / 60_000) * 60_000;
  };
  // The offsets in force half a day either side; no zone changes twice in a day.
  const before = asUtc - offsetAt(asUtc - 43_200_000);
  const after = asUtc - offsetAt(asUtc + 43_200_000);
  const shows = (t: number) => toLocalInput(new Date(t), timeZone) === `${date}T${time}`;
  const valid = [before, after].filter(shows);
  // Neither shows it in a gap: the offset from before the gap moves it forward.
  return new Date(valid.length ? Math.min(...valid) : before);
}

/** "Tue 1 Dec" (with the year when it is not `now`'s year). */
function dayText(w: WallClock, nowYear: number): string {
  return `${WEEKDAYS[w.weekday]} ${w.day} ${MONTHS[w.month - 1]}${w.year !== nowYear ? ` ${w.year}` : ""}`;
}

const hm = (w: WallClock) => `${pad(w.hour)}:${pad(w.minute)}`;
const sameDay = (a: WallClock, b: WallClock) => a.year === b.year && a.month === b.month && a.day === b.day;

export type ZoneOptions = { windowZone: string; viewerZone: string; now?: Date };

/**
 * "Tue 1 Dec 02:30 Europe/Berlin · 20:30 America/New_York (yours)": the
 * window's zone first; the viewer's repeats the day only when it differs.
 * One zone when both are the same.
 */
export function formatInZones(iso: string | Date, { windowZone, viewerZone, now = new Date() }: ZoneOptions): string {
  const at = new Date(iso);
  const year = now.getUTCFullYear();
  const w = wallClock(at, windowZone);
  const first = `${dayText(w, year)} ${hm(w)} ${windowZone}`;
  if (windowZone === viewerZone) return first;
  const v = wallClock(at, viewerZone);
  return `${first} · ${sameDay(v, w) ? "" : `${dayText(v, year)} `}${hm(v)} ${viewerZone} (yours)`;
}

function rangeIn(start: Date, end: Date, zone: string, year: number, day: boolean): { text: string; startWall: WallClock } {
  const s = wallClock(start, zone);
  const e = wallClock(end, zone);
  const head = day ? `${dayText(s, year)} ` : "";
  const tail = sameDay(s, e) ? hm(e) : `${dayText(e, year)} ${hm(e)}`;
  return { text: `${head}${hm(s)}–${tail}`, startWall: s };
}

/** An occurrence: "Tue 1 Dec 02:30–04:30 Europe/Berlin · 20:30–22:30 America/New_York (yours)". */
export function formatRangeInZones(startIso: string | Date, endIso: string | Date, { windowZone, viewerZone, now = new Date() }: ZoneOptions): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  const year = now.getUTCFullYear();
  const first = rangeIn(start, end, windowZone, year, true);
  if (windowZone === viewerZone) return `${first.text} ${windowZone}`;
  const v = wallClock(start, viewerZone);
  const second = rangeIn(start, end, viewerZone, year, !sameDay(v, first.startWall));
  return `${first.text} ${windowZone} · ${second.text} ${viewerZone} (yours)`;
}

/** The browser's zone. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Every zone this runtime knows, with `extra` (the viewer's, "UTC") added when it lacks them. */
export function knownTimeZones(...extra: string[]): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set([...all, ...extra])].sort();
}
