// The recurrence builder's model and the RRULE body it stands for. Pure: the
// form keeps a Recurrence, the API gets toRrule(); editing reads it back with
// fromRrule() (a rule the builder cannot show stays as written, "custom").
import { fromLocalInput } from "./zones";

export const WEEKDAYS = [
  { code: "MO", label: "Monday", short: "Mon" },
  { code: "TU", label: "Tuesday", short: "Tue" },
  { code: "WE", label: "Wednesday", short: "Wed" },
  { code: "TH", label: "Thursday", short: "Thu" },
  { code: "FR", label: "Friday", short: "Fri" },
  { code: "SA", label: "Saturday", short: "Sat" },
  { code: "SU", label: "Sunday", short: "Sun" },
] as const;
export type TWeekday = (typeof WEEKDAYS)[number]["code"];

export const RECURRENCE_KINDS = [
  { value: "none", label: "Does not repeat" },
  { value: "daily", label: "Daily" },
  { value: "weekly", label: "Weekly" },
  { value: "monthlyDay", label: "Monthly, on a day of the month" },
  { value: "monthlyWeekday", label: "Monthly, on a weekday (e.g. second Tuesday)" },
  { value: "custom", label: "Custom RRULE" },
] as const;
export type TRecurrenceKind = (typeof RECURRENCE_KINDS)[number]["value"];

export const SET_POSITIONS = [
  { value: 1, label: "First" },
  { value: 2, label: "Second" },
  { value: 3, label: "Third" },
  { value: 4, label: "Fourth" },
  { value: -1, label: "Last" },
] as const;

export type Recurrence = {
  kind: TRecurrenceKind;
  /** Every N days, weeks or months. */
  interval: number;
  /** Weekly: the days. */
  weekdays: TWeekday[];
  /** Monthly by day: 1–31, or -1 for the last day. */
  monthDay: number;
  /** Monthly by weekday: 1–4 or -1 (last), and the day. */
  setPos: number;
  weekday: TWeekday;
  end: "never" | "count" | "until";
  count: number;
  /** The last day ("YYYY-MM-DD") in the window's zone; the rule's UNTIL is that day's end in UTC. */
  until: string;
  /** A rule the builder does not model, kept as written. */
  custom: string;
};

const WEEKDAY_INDEX: TWeekday[] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/** Defaults that follow the start date ("YYYY-MM-DD…"): its weekday, day and position in the month. */
export function defaultRecurrence(localStart: string): Recurrence {
  const [y, m, d] = localStart.slice(0, 10).split("-").map(Number);
  const date = new Date(Date.UTC(y ?? 2026, (m ?? 1) - 1, d ?? 1));
  const weekday = WEEKDAY_INDEX[date.getUTCDay()] ?? "MO";
  const day = date.getUTCDate();
  const pos = Math.ceil(day / 7);
  return { kind: "none", interval: 1, weekdays: [weekday], monthDay: day, setPos: pos > 4 ? -1 : pos, weekday, end: "never", count: 10, until: "", custom: "" };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "20271231T225959Z": the end of `day` in `timeZone`, in UTC. */
export function untilOf(day: string, timeZone: string): string {
  const end = new Date(fromLocalInput(`${day}T23:59`, timeZone).getTime() + 59_000);
  return `${end.getUTCFullYear()}${pad(end.getUTCMonth() + 1)}${pad(end.getUTCDate())}T${pad(end.getUTCHours())}${pad(end.getUTCMinutes())}${pad(end.getUTCSeconds())}Z`;
}

/** The RRULE body, or null for a one-off window. */
export function toRrule(r: Recurrence, timeZone: string): string | null {
  if (r.kind === "none") return null;
  if (r.kind === "custom") return r.custom.trim().replace(/^RRULE:/i, "") || null;
  const parts: string[] = [];
  if (r.kind === "daily") parts.push("FREQ=DAILY");
  if (r.kind === "weekly") parts.push("FREQ=WEEKLY");
  if (r.kind === "monthlyDay" || r.kind === "monthlyWeekday") parts.push("FREQ=MONTHLY");
  if (r.interval > 1) parts.push(`INTERVAL=${r.interval}`);
  if (r.kind === "weekly" && r.weekdays.length) parts.push(`BYDAY=${WEEKDAYS.filter((w) => r.weekdays.includes(w.code)).map((w) => w.code).join(",")}`);
  if (r.kind === "monthlyDay") parts.push(`BYMONTHDAY=${r.monthDay}`);
  if (r.kind === "monthlyWeekday") parts.push(`BYDAY=${r.setPos}${r.weekday}`);
  if (r.end === "count") parts.push(`COUNT=${r.count}`);
  if (r.end === "until" && r.until) parts.push(`UNTIL=${untilOf(r.until, timeZone)}`);
  return parts.join(";");
}

/** The builder's model of a saved rule; "custom" when it uses more than the builder shows. */
export function fromRrule(rrule: string | null, localStart: string, timeZone: string): Recurrence {
  const base = defaultRecurrence(localStart);
  if (!rrule) return base;
  const body = rrule.trim().replace(/^RRULE:/i, "");
  const custom = { ...base, kind: "custom" as const, custom: body };
  const parts = new Map(body.split(";").map((p) => p.split("=") as [string, string]));
  const freq = parts.get("FREQ");
  const interval = Number(parts.get("INTERVAL") ?? 1);
  const known = new Set(["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL"]);
  if ([...parts.keys()].some((k) => !known.has(k)) || !Number.isInteger(interval)) return custom;
  const r: Recurrence = { ...base, interval };
  const byDay = parts.get("BYDAY");
  const byMonthDay = parts.get("BYMONTHDAY");
  if (freq === "DAILY" && !byDay && !byMonthDay) r.kind = "daily";
  else if (freq === "WEEKLY" && !byMonthDay) {
    const days = (byDay ?? base.weekday).split(",");
    if (!days.every((d) => WEEKDAYS.some((w) => w.code === d))) return custom;
    r.kind = "weekly";
    r.weekdays = days as TWeekday[];
  } else if (freq === "MONTHLY" && byMonthDay && !byDay && /^-?\d{1,2}$/.test(byMonthDay)) {
    r.kind = "monthlyDay";
    r.monthDay = Number(byMonthDay);
  } else if (freq === "MONTHLY" && byDay && !byMonthDay) {
    const m = /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(byDay);
    if (!m) return custom;
    r.kind = "monthlyWeekday";
    r.setPos = Number(m[1]);
    r.weekday = m[2] as TWeekday;
  } else return custom;
  const count = parts.get("COUNT");
  const until = parts.get("UNTIL");
  if (count) {
    r.end = "count";
    r.count = Number(count);
  } else if (until) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(until);
    if (!m) return custom;
    const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
    // The day, in the window's zone, whose end it is.
    r.end = "until";
    r.until = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
  }
  return r;
}
