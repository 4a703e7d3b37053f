import type { Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { activeOccurrence, describeRecurrence, nextOccurrence, parseRrule, placeLocal, RruleError, type Occurrence, type WindowTiming } from "./occurrences";
import { ZWindowScope, type TOccurrence, type TWindow, type TWindowScope } from "./maintenance.types";
import { expandScope, type ScopeFacts } from "./window-scope";

type WindowRow = Prisma.MaintenanceWindowGetPayload<object>;

export const timingOfRow = (w: WindowRow): WindowTiming => ({
  localStart: w.localStart,
  timezone: w.timezone,
  durationMinutes: w.durationMinutes,
  rrule: w.rrule,
  endedOccurrence: w.endedOccurrence,
  endedAt: w.endedAt,
  cancelledAt: w.cancelledAt,
});

export const scopeOfRow = (w: WindowRow): TWindowScope => ZWindowScope.catch({ serverIds: [], groupIds: [], siteIds: [], tags: [] }).parse(w.scope);

export const occurrenceDto = (o: Occurrence): TOccurrence => ({ start: o.start.toISOString(), end: o.end.toISOString() });

/** Checks a rule before it is stored, reported on the request's field; returns the first occurrence's instant. */
export function checkTiming(t: { localStart: string; timezone: string; rrule: string | null }, field = "body"): Date {
  if (t.rrule) {
    try {
      parseRrule(t.rrule);
    } catch (e) {
      if (e instanceof RruleError) throw new AppError("VALIDATION", `The recurrence rule is not valid: ${e.message}`, { fields: [{ path: `${field}.rrule`, message: e.message }] });
      throw e;
    }
  }
  try {
    return placeLocal(t.localStart, t.timezone);
  } catch (e) {
    throw new AppError("VALIDATION", "The start is not a valid date", { fields: [{ path: `${field}.start`, message: "is not a valid date and time" }], cause: e });
  }
}

export function toWindowDto(w: WindowRow, facts: ScopeFacts, now: Date): TWindow {
  const timing = timingOfRow(w);
  const scope = scopeOfRow(w);
  const active = w.cancelledAt ? null : activeOccurrence(timing, now);
  const next = w.cancelledAt ? null : nextOccurrence(timing, now);
  const ref = (id: string, name: string | undefined) => ({ id, name: name ?? "(deleted)" });
  return {
    id: w.id,
    title: w.title,
    description: w.description,
    scope,
    scopeNames: {
      servers: scope.serverIds.map((id) => ref(id, facts.servers.get(id)?.name)),
      groups: scope.groupIds.map((id) => ref(id, facts.groups.get(id)?.name)),
      sites: scope.siteIds.map((id) => ref(id, facts.sites.get(id))),
    },
    start: w.localStart,
    timezone: w.timezone,
    durationMinutes: w.durationMinutes,
    rrule: w.rrule,
    recurrenceText: describeRecurrence(timing),
    suppressAlerts: w.suppressAlerts,
    blockFailover: w.blockFailover,
    drainMembers: w.drainMembers,
    overrideReason: w.overrideReason,
    status: w.cancelledAt ? "cancelled" : active ? "active" : next ? "scheduled" : "ended",
    activeOccurrence: active ? occurrenceDto(active) : null,
    nextOccurrence: next ? occurrenceDto(next) : null,
    serverCount: expandScope(scope, facts).size,
    cancelledAt: w.cancelledAt?.toISOString() ?? null,
    createdBy: w.createdBy,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
