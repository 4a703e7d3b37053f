// Creating and editing a window share their checks: a valid start and rule, and
// the impact: a window that would break a group (below minHealthy) is refused
// (409) unless an override reason says why that is acceptable.
import type { Db, Tx } from "../db/client";
import type { Actor } from "../auth/principal";
import type { LiveStates } from "../groups/group-dto";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";
import type { TCreateWindowRequest, TUpdateWindowRequest, TWindow } from "./maintenance.types";
import { previewWindow } from "./preview-window";
import { checkTiming, scopeOfRow, toWindowDto } from "./window-dto";
import { loadScopeFacts } from "./window-scope";

async function checkImpact(db: Db, draft: TCreateWindowRequest, live: LiveStates | undefined, now: Date, windowId?: string): Promise<string[]> {
  const impact = await previewWindow(db, draft, live, now, windowId);
  const broken = impact.groups.filter((g) => g.during === "BROKEN");
  if (broken.length && !draft.overrideReason) {
    const what = broken.map((g) => `${g.name} (${g.inServiceDuring} in service, minimum ${g.minHealthy})`).join(", ");
    throw new AppError("CONFLICT", `This window would break ${what}; give overrideReason to schedule it anyway`, { fields: [{ path: "body.overrideReason", message: `is required: the window would break ${what}` }] });
  }
  return broken.map((g) => g.name);
}

const audit = (tx: Tx, actor: Actor, action: string, id: string, details: Record<string, unknown>) =>
  recordAuditEvent(tx, actor, { action, targetType: "maintenance_window", targetId: id, details: JSON.parse(JSON.stringify(details)) });

const columns = (r: TCreateWindowRequest, startsAt: Date) => ({
  title: r.title,
  description: r.description,
  scope: r.scope,
  startsAt,
  localStart: r.start,
  timezone: r.timezone,
  durationMinutes: r.durationMinutes,
  rrule: r.rrule,
  suppressAlerts: r.suppressAlerts,
  blockFailover: r.blockFailover,
  drainMembers: r.drainMembers,
  overrideReason: r.overrideReason,
});

export async function createWindow(db: Db, actor: Actor, req: TCreateWindowRequest, live: LiveStates | undefined, now = new Date()): Promise<TWindow> {
  const startsAt = checkTiming({ localStart: req.start, timezone: req.timezone, rrule: req.rrule });
  const breaks = await checkImpact(db, req, live, now);
  const row = await db.$transaction(async (tx) => {
    const w = await tx.maintenanceWindow.create({
      data: { ...columns(req, startsAt), createdBy: actor.label },
    });
    await audit(tx, actor, "maintenance.created", w.id, { title: w.title, start: req.start, timezone: req.timezone, durationMinutes: req.durationMinutes, rrule: req.rrule, scope: req.scope, breaks, overrideReason: req.overrideReason });
    return w;
  });
  return toWindowDto(row, await loadScopeFacts(db), now);
}

export async function updateWindow(db: Db, actor: Actor, id: string, req: TUpdateWindowRequest, live: LiveStates | undefined, now = new Date()): Promise<TWindow> {
  const before = await db.maintenanceWindow.findUnique({ where: { id } });
  if (!before) throw notFound("Maintenance window");
  if (before.cancelledAt) throw new AppError("CONFLICT", "The window is cancelled; schedule a new one");
  const merged: TCreateWindowRequest = {
    title: req.title ?? before.title,
    description: req.description ?? before.description,
    scope: req.scope ?? scopeOfRow(before),
    start: req.start ?? before.localStart,
    timezone: req.timezone ?? before.timezone,
    durationMinutes: req.durationMinutes ?? before.durationMinutes,
    rrule: req.rrule === undefined ? before.rrule : req.rrule,
    suppressAlerts: req.suppressAlerts ?? before.suppressAlerts,
    blockFailover: req.blockFailover ?? before.blockFailover,
    drainMembers: req.drainMembers ?? before.drainMembers,
    overrideReason: req.overrideReason === undefined ? before.overrideReason : req.overrideReason,
  };
  const startsAt = checkTiming({ localStart: merged.start, timezone: merged.timezone, rrule: merged.rrule });
  const breaks = await checkImpact(db, merged, live, now, id);
  const row = await db.$transaction(async (tx) => {
    const w = await tx.maintenanceWindow.update({
      where: { id },
      data: columns(merged, startsAt),
    });
    await audit(tx, actor, "maintenance.updated", id, { title: w.title, changed: req, breaks });
    return w;
  });
  return toWindowDto(row, await loadScopeFacts(db), now);
}
