// One shared one-second clock for every "5 s ago" on the page (no timer per
// tile), on the server's time: the browser's clock may be off, so the offset
// from the last message the server stamped is applied.
import { useCallback, useSyncExternalStore } from "react";

let now = Date.now();
let offset = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function tick(): void {
  now = Date.now();
  for (const l of [...listeners]) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(tick, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The server's time as of the last tick (epoch ms). */
export function serverNow(): number {
  return now + offset;
}

/** Called with the time a server message was stamped with. */
export function noteServerTime(serverMs: number): void {
  if (Number.isFinite(serverMs)) offset = serverMs - Date.now();
}

/**
 * A value derived from the clock, re-rendering only when it changes: an age
 * label ("5 s ago") every second, a stale flag only when it flips. `select`
 * must return a primitive. On the server (no clock) it returns `fallback`.
 */
export function useClock<T extends string | number | boolean | null>(select: (serverNowMs: number) => T, fallback: T): T {
  const get = useCallback(() => select(serverNow()), [select]);
  return useSyncExternalStore(subscribe, get, () => fallback);
}

/** The poll interval a fleet row is judged against until the server sends each server's own. */
export const DEFAULT_POLL_MS = 5000;
/** Three missed polls: nothing may look fresh after that. */
export const STALE_AFTER_MS = 3 * DEFAULT_POLL_MS;

export function isStale(at: number | null, nowMs: number, staleAfterMs = STALE_AFTER_MS): boolean {
  return at === null || nowMs - at > staleAfterMs;
}

/** "just now", "5 s ago", "3 min ago", "5 h ago", "3 d ago". */
export function formatAge(at: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - at) / 1000));
  if (s < 2) return "just now";
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": how long something has lasted. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}
