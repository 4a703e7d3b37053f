// The history page's filters as they live in its URL
// (?state=&severity=&source=&serverId=&groupId=&from=&to=&q=), with ISO times.
import type { TAlertFilters } from "./queries";

const KEYS = ["state", "severity", "source", "serverId", "groupId", "from", "to", "q"] as const satisfies readonly (keyof TAlertFilters)[];

export function parseAlertFilters(params: URLSearchParams): TAlertFilters {
  const out: TAlertFilters = {};
  for (const k of KEYS) {
    const v = params.get(k)?.trim();
    if (v) out[k] = v;
  }
  return out;
}

export function alertFiltersToQuery(filters: TAlertFilters): string {
  const q = new URLSearchParams();
  for (const k of KEYS) if (filters[k]) q.set(k, filters[k]);
  return q.toString();
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO time as a datetime-local value in the browser's zone ("2026-11-26T10:30"). */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
