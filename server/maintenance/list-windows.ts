import type { Db } from "../db/client";
import { notFound } from "../errors/app-error";
import { occurrencesBetween } from "./occurrences";
import type { TWindow, TWindowList, TWindowListQuery } from "./maintenance.types";
import { occurrenceDto, scopeOfRow, timingOfRow, toWindowDto } from "./window-dto";
import { expandScope, loadScopeFacts } from "./window-scope";

const DEFAULT_RANGE_MS = 31 * 86_400_000;

/** Windows with their occurrences in [from, to] (the calendar): active first, then by next start; filtered to a server's or group's. */
export async function listWindows(db: Db, q: TWindowListQuery, now = new Date()): Promise<TWindowList> {
  const from = q.from ? new Date(q.from) : now;
  const to = q.to ? new Date(q.to) : new Date(from.getTime() + DEFAULT_RANGE_MS);
  const [rows, facts] = await Promise.all([db.maintenanceWindow.findMany({ where: q.includeCancelled ? {} : { cancelledAt: null }, orderBy: { startsAt: "asc" } }), loadScopeFacts(db)]);
  const wanted = q.groupId ? new Set(facts.groups.get(q.groupId)?.memberIds ?? []) : q.serverId ? new Set([q.serverId]) : null;
  const windows = [];
  for (const r of rows) {
    const scope = scopeOfRow(r);
    if (wanted && !(q.groupId && scope.groupIds.includes(q.groupId)) && ![...expandScope(scope, facts)].some((id) => wanted.has(id))) continue;
    windows.push({ ...toWindowDto(r, facts, now), occurrences: occurrencesBetween(timingOfRow(r), from, to, 1000).map(occurrenceDto) });
  }
  const rank = (w: TWindow) => (w.status === "active" ? 0 : w.status === "scheduled" ? 1 : 2);
  const key = (w: TWindow) => w.activeOccurrence?.start ?? w.nextOccurrence?.start ?? w.start;
  windows.sort((a, b) => rank(a) - rank(b) || key(a).localeCompare(key(b)));
  return { windows, from: from.toISOString(), to: to.toISOString() };
}

export async function getWindow(db: Db, id: string, now = new Date()): Promise<TWindow> {
  const row = await db.maintenanceWindow.findUnique({ where: { id } });
  if (!row) throw notFound("Maintenance window");
  return toWindowDto(row, await loadScopeFacts(db), now);
}
