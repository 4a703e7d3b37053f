// Dates are shown in the browser's time zone and locale; the ISO value stays
// in <time dateTime> for copying and for assistive tech.
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const dateMinutes = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
// Dense tables drop the year while it is this year's.
const dateMinutesThisYear = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const dateOnly = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });

export function formatDateTime(iso: string, precision: "seconds" | "minutes" = "seconds"): string {
  const d = new Date(iso);
  if (precision === "seconds") return dateTime.format(d);
  return (d.getFullYear() === new Date().getFullYear() ? dateMinutesThisYear : dateMinutes).format(d);
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * A datetime-local value ("2026-11-26T10:30", the browser's local time) as ISO
 * 8601 with the local offset, e.g. "2026-11-26T10:30:00+01:00". With
 * `endOfMinute` the seconds become :59.999 so an inclusive "to" covers the
 * whole minute the user picked.
 */
export function localInputToIso(value: string, endOfMinute = false): string | undefined {
  if (!value) return undefined;
  const d = new Date(value); // no zone in the string: parsed as local time
  if (Number.isNaN(d.getTime())) return undefined;
  if (endOfMinute) d.setSeconds(59, 999);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  const ms = endOfMinute ? ".999" : "";
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${ms}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
