"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { QueryError } from "@/components/ui/messages";
import { occurrenceStatus, placeInDay, rangeTitle, shiftAnchor, todayIn, visibleDays, type CalendarDay, type CalendarView } from "./calendar-layout";
import { statusLabel } from "./labels";
import { useWindows } from "./queries";
import { formatRangeInZones, fromLocalInput, wallClock } from "./zones";
import type { TListedWindow, TOccurrence, TWindowStatus } from "./types";
import styles from "./maintenance.module.css";

type Item = TOccurrence & { window: TListedWindow; status: TWindowStatus };

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAY_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");
const MONTH_BARS = 3;

function dayLabel(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${WEEKDAY_SHORT[d.getUTCDay()]} ${d.getUTCDate()} ${MONTH_SHORT[d.getUTCMonth()]}`;
}

function hm(at: Date, zone: string): string {
  const w = wallClock(at, zone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

function blockLabel(item: Item, zone: string): string {
  return `${item.window.title}, ${statusLabel(item.status).toLowerCase()}: ${formatRangeInZones(item.start, item.end, { windowZone: item.window.timezone, viewerZone: zone })}`;
}

function WeekView({ days, items, zone, onSlot }: { days: CalendarDay[]; items: Item[]; zone: string; onSlot?: (start: Date) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  // Open on the working day rather than at midnight.
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = (el.scrollHeight / 24) * 7;
  }, []);
  return (
    <div className={styles.week}>
      <div className={styles.weekHead} aria-hidden="true">
        <span />
        {days.map((d) => (
          <span key={d.date} data-today={d.today || undefined}>
            {dayLabel(d.date)}
          </span>
        ))}
      </div>
      <div className={styles.weekScroll} ref={scroller}>
        <div className={styles.weekBody}>
          <div className={styles.gutter} aria-hidden="true">
            {HOURS.map((h) => (
              <span key={h}>{pad(h)}:00</span>
            ))}
          </div>
          {days.map((d) => (
            <div key={d.date} className={styles.dayColumn} data-today={d.today || undefined} role="group" aria-label={dayLabel(d.date)}>
              {HOURS.map((h) =>
                onSlot ? (
                  <button
                    key={h}
                    type="button"
                    tabIndex={-1}
                    className={styles.slot}
                    aria-label={`New window at ${dayLabel(d.date)} ${pad(h)}:00`}
                    onClick={() => onSlot(fromLocalInput(`${d.date}T${pad(h)}:00`, zone))}
                  />
                ) : (
                  <span key={h} className={styles.slot} />
                ),
              )}
              {placeInDay(d, items).map((p) => (
                <Link
                  key={`${p.item.window.id}-${p.item.start}`}
                  href={`/maintenance/${p.item.window.id}`}
                  className={styles.block}
                  data-status={p.item.status}
                  data-testid="calendar-block"
                  style={{ top: `${p.topPct}%`, height: `${p.heightPct}%`, left: `${(p.lane / p.lanes) * 100}%`, width: `${100 / p.lanes}%` }}
                  title={blockLabel(p.item, zone)}
                  aria-label={blockLabel(p.item, zone)}
                >
                  <strong>{p.item.window.title}</strong> <span>{p.fromBefore ? "…" : hm(p.start, zone)}</span>
                </Link>
              ))}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

function MonthView({ days, items, zone, onSlot, onMore }: { days: CalendarDay[]; items: Item[]; zone: string; onSlot?: (start: Date) => void; onMore: (date: string) => void }) {
  return (
    <div className={styles.month}>
      <div className={styles.monthHead} aria-hidden="true">
        {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((d) => (
          <span key={d}>{d}</span>
        ))}
      </div>
      <div className={styles.monthGrid}>
        {days.map((d) => {
          const placed = placeInDay(d, items);
          return (
            <div key={d.date} className={styles.monthCell} data-outside={d.inMonth ? undefined : true} data-today={d.today || undefined} role="group" aria-label={dayLabel(d.date)}>
              {onSlot ? (
                <button type="button" className={styles.dayNumber} aria-label={`New window on ${dayLabel(d.date)}`} onClick={() => onSlot(fromLocalInput(`${d.date}T09:00`, zone))}>
                  {Number(d.date.slice(8))}
                </button>
              ) : (
                <span className={styles.dayNumber}>{Number(d.date.slice(8))}</span>
              )}
              {placed.slice(0, MONTH_BARS).map((p) => (
                <Link
                  key={`${p.item.window.id}-${p.item.start}`}
                  href={`/maintenance/${p.item.window.id}`}
                  className={styles.bar}
                  data-status={p.item.status}
                  data-testid="calendar-block"
                  title={blockLabel(p.item, zone)}
                  aria-label={blockLabel(p.item, zone)}
                >
                  {p.fromBefore ? "…" : hm(p.start, zone)} {p.item.window.title}
                </Link>
              ))}
              {placed.length > MONTH_BARS ? (
                <button type="button" className={`btn-ghost ${styles.more}`} onClick={() => onMore(d.date)}>
                  +{placed.length - MONTH_BARS} more
                </button>
              ) : null}
            </div>
          );
        })}
      </div>
    </div>
  );
}

const LEGEND: TWindowStatus[] = ["active", "scheduled", "ended", "cancelled"];

/** Occurrences by week or month, in the viewer's zone; an operator clicks an empty slot to schedule there. */
export function MaintenanceCalendar({ zone, onSlot }: { zone: string; onSlot?: (start: Date) => void }) {
  const [view, setView] = useState<CalendarView>("week");
  const [anchor, setAnchor] = useState(() => todayIn(zone, new Date()));
  const now = new Date();
  const days = visibleDays(view, anchor, zone, now);
  const first = days[0];
  const last = days[days.length - 1];
  const q = useWindows({ from: first?.start.toISOString(), to: last?.end.toISOString(), includeCancelled: true });
  const items: Item[] = (q.data?.windows ?? []).flatMap((w) => w.occurrences.map((o) => ({ ...o, window: w, status: occurrenceStatus(w, o, now) })));

  return (
    <section className={`panel ${styles.calendar}`} aria-labelledby="calendar-title" aria-busy={q.isFetching}>
      <div className={styles.calendarBar}>
        <div className={styles.calendarNav}>
          <button type="button" className="btn btn-sm" onClick={() => setAnchor(shiftAnchor(view, anchor, -1))} aria-label={view === "week" ? "Previous week" : "Previous month"}>
            ‹
          </button>
          <button type="button" className="btn btn-sm" onClick={() => setAnchor(todayIn(zone, new Date()))}>
            Today
          </button>
          <button type="button" className="btn btn-sm" onClick={() => setAnchor(shiftAnchor(view, anchor, 1))} aria-label={view === "week" ? "Next week" : "Next month"}>
            ›
          </button>
          <h2 id="calendar-title" aria-live="polite">
            {rangeTitle(view, anchor)}
          </h2>
        </div>
        <div className={styles.calendarNav} role="group" aria-label="View">
          <button type="button" className="btn btn-sm" aria-pressed={view === "week"} onClick={() => setView("week")}>
            Week
          </button>
          <button type="button" className="btn btn-sm" aria-pressed={view === "month"} onClick={() => setView("month")}>
            Month
          </button>
        </div>
      </div>
      <QueryError result={q} />
      {view === "week" ? (
        <WeekView days={days} items={items} zone={zone} onSlot={onSlot} />
      ) : (
        <MonthView
          days={days}
          items={items}
          zone={zone}
          onSlot={onSlot}
          onMore={(date) => {
            setAnchor(date);
            setView("week");
          }}
        />
      )}
      <p className={styles.legend}>
        <span className="muted">Times in {zone} (yours).</span>
        {LEGEND.map((s) => (
          <span key={s} className={styles.legendItem} data-status={s}>
            {statusLabel(s)}
          </span>
        ))}
      </p>
    </section>
  );
}
