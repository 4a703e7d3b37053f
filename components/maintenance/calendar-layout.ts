// Where occurrences go on the calendar: days in the viewer's zone, blocks
// placed by the share of the day they cover (a DST day is 23 or 25 hours
// long: positions follow elapsed time). Pure: zone and "now" are passed in.
import { fromLocalInput, wallClock } from "./zones";
import type { TOccurrence, TWindowStatus } from "./types";

export type CalendarView = "week" | "month";

export type CalendarDay = { date: string; start: Date; end: Date; inMonth: boolean; today: boolean };

const pad = (n: number) => String(n).padStart(2, "0");

/** "YYYY-MM-DD" plus `n` days (calendar dates, no zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + n)).toISOString().slice(0, 10);
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The Monday on or before `date`. */
export function mondayOf(date: string): string {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

export function todayIn(timeZone: string, now: Date): string {
  const w = wallClock(now, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** The days a view shows around `anchor`: its week (Monday first), or the six weeks framing its month. */
export function visibleDays(view: CalendarView, anchor: string, timeZone: string, now: Date): CalendarDay[] {
  const today = todayIn(timeZone, now);
  const first = view === "week" ? mondayOf(anchor) : mondayOf(`${anchor.slice(0, 7)}-01`);
  const count = view === "week" ? 7 : 42;
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(first, i);
    return {
      date,
      start: fromLocalInput(`${date}T00:00`, timeZone),
      end: fromLocalInput(`${addDays(date, 1)}T00:00`, timeZone),
      inMonth: view === "week" || date.slice(0, 7) === anchor.slice(0, 7),
      today: date === today,
    };
  });
}

/** The anchor a week or a month earlier (-1) or later (1). */
export function shiftAnchor(view: CalendarView, anchor: string, step: -1 | 1): string {
  if (view === "week") return addDays(anchor, 7 * step);
  const [y, m] = anchor.split("-").map(Number);
  const d = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1 + step, 1));
  return d.toISOString().slice(0, 10);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "November 2026", or "23 Nov – 29 Nov 2026" for a week. */
export function rangeTitle(view: CalendarView, anchor: string): string {
  const [y, m] = anchor.split("-").map(Number);
  if (view === "month") return `${MONTHS[(m ?? 1) - 1]} ${y}`;
  const from = mondayOf(anchor);
  const to = addDays(from, 6);
  const fmt = (d: string) => `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]?.slice(0, 3)}`;
  return `${fmt(from)} – ${fmt(to)} ${to.slice(0, 4)}`;
}

/** How an occurrence is coloured: its window's cancellation, else where it is in time. */
export function occurrenceStatus(window: { status: TWindowStatus; activeOccurrence: TOccurrence | null }, occ: TOccurrence, now: Date): TWindowStatus {
  if (window.status === "cancelled") return "cancelled";
  if (window.activeOccurrence && window.activeOccurrence.start === occ.start) return "active";
  const start = Date.parse(occ.start);
  const end = Date.parse(occ.end);
  if (end <= now.getTime()) return "ended";
  // A window ended early keeps its planned end in the list: running only if the window says so.
  if (start <= now.getTime()) return window.status === "active" ? "active" : "ended";
  return "scheduled";
}

export type Placed<T> = { item: T; start: Date; end: Date; topPct: number; heightPct: number; lane: number; lanes: number; fromBefore: boolean; goesOn: boolean };

/**
 * The items of one day with their vertical place (percent of the day) and a
 * lane, so overlapping ones sit side by side.
 */
export function placeInDay<T extends { start: string; end: string }>(day: CalendarDay, items: readonly T[]): Placed<T>[] {
  const dayStart = day.start.getTime();
  const span = day.end.getTime() - dayStart;
  const placed = items
    .map((item) => ({ item, s: Date.parse(item.start), e: Date.parse(item.end) }))
    .filter(({ s, e }) => s < day.end.getTime() && e > dayStart)
    .sort((a, b) => a.s - b.s || b.e - a.e)
    .map(({ item, s, e }) => {
      const from = Math.max(s, dayStart);
      const to = Math.min(e, day.end.getTime());
      return { item, start: new Date(s), end: new Date(e), topPct: ((from - dayStart) / span) * 100, heightPct: ((to - from) / span) * 100, lane: 0, lanes: 1, fromBefore: s < dayStart, goesOn: e > day.end.getTime() };
    });
  // Greedy lanes within each cluster of overlapping items.
  let cluster: typeof placed = [];
  let clusterEnd = -Infinity;
  const close = () => {
    const lanes = Math.max(1, ...cluster.map((p) => p.lane + 1));
    for (const p of cluster) p.lanes = lanes;
    cluster = [];
  };
  for (const p of placed) {
    if (p.start.getTime() >= clusterEnd) {
      close();
      clusterEnd = -Infinity;
    }
    const laneEnds = cluster.reduce<number[]>((ends, q) => {
      ends[q.lane] = Math.max(ends[q.lane] ?? -Infinity, q.end.getTime());
      return ends;
    }, []);
    const free = laneEnds.findIndex((end) => end <= p.start.getTime());
    p.lane = free === -1 ? laneEnds.length : free;
    cluster.push(p);
    clusterEnd = Math.max(clusterEnd, p.end.getTime());
  }
  close();
  return placed;
}
