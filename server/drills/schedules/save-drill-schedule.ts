// Creating and editing a drill schedule share their checks: a valid start and
// rule (400 on the field), the group exists (404), and a live drill only on an
// active-passive group (409: there is nothing to fail over to and back from
// otherwise). nextRunAt is worked out here, so the scheduler only reads it.
import type { Db, Tx } from "../../db/client";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { AppError, notFound } from "../../errors/app-error";
import { checkTiming } from "../../maintenance/window-dto";
import type { TCreateDrillScheduleRequest, TDrillSchedule, TUpdateDrillScheduleRequest } from "../drills.types";
import { nextRunAfter, paramsOf, scheduleInclude, timingOf, toScheduleDto, type TScheduleParams } from "./schedule-dto";

type Settings = Omit<TCreateDrillScheduleRequest, "groupId">;

async function checkGroup(db: Db, groupId: string, mode: Settings["mode"], field: string): Promise<void> {
  const g = await db.redundancyGroup.findUnique({ where: { id: groupId }, select: { name: true, mode: true } });
  if (!g) throw new AppError("NOT_FOUND", "Group not found", { fields: [{ path: field, message: "no such group" }] });
  if (mode === "live" && g.mode !== "ACTIVE_PASSIVE") {
    throw new AppError("CONFLICT", `A live drill fails over and back, which needs an active-passive group; ${g.name} is active-active: schedule a dry run instead`, {
      fields: [{ path: "body.mode", message: "live drills need an active-passive group" }],
    });
  }
}

function columns(s: Settings, now: Date) {
  checkTiming({ localStart: s.start, timezone: s.timezone, rrule: s.rrule });
  const params: TScheduleParams = { mode: s.mode, onlyInMaintenanceWindow: s.onlyInMaintenanceWindow, holdSeconds: s.holdSeconds, stopOnSeverity: s.stopOnSeverity };
  const timing = { localStart: s.start, timezone: s.timezone, rrule: s.rrule };
  return { ...timing, params, enabled: s.enabled, nextRunAt: nextRunAfter(timingOf(timing), now) };
}

const audit = (tx: Tx, actor: Actor, action: string, id: string, details: Record<string, unknown>) =>
  recordAuditEvent(tx, actor, { action, targetType: "drill_schedule", targetId: id, details: JSON.parse(JSON.stringify(details)) });

export async function createDrillSchedule(db: Db, actor: Actor, req: TCreateDrillScheduleRequest, now = new Date()): Promise<TDrillSchedule> {
  const { groupId, ...settings } = req;
  const data = columns(settings, now);
  await checkGroup(db, groupId, req.mode, "body.groupId");
  const row = await db.$transaction(async (tx) => {
    const s = await tx.schedule.create({ data: { kind: "DRILL", groupId, ...data, createdBy: actor.label }, include: scheduleInclude });
    await audit(tx, actor, "drill_schedule.created", s.id, { groupId, ...settings, nextRunAt: data.nextRunAt });
    return s;
  });
  return toScheduleDto(row);
}

export async function updateDrillSchedule(db: Db, actor: Actor, id: string, req: TUpdateDrillScheduleRequest, now = new Date()): Promise<TDrillSchedule> {
  const before = await db.schedule.findFirst({ where: { id, kind: "DRILL" } });
  if (!before?.groupId) throw notFound("Drill schedule");
  const p = paramsOf(before);
  const merged: Settings = {
    mode: req.mode ?? p.mode,
    start: req.start ?? before.localStart,
    timezone: req.timezone ?? before.timezone,
    rrule: req.rrule ?? before.rrule,
    onlyInMaintenanceWindow: req.onlyInMaintenanceWindow ?? p.onlyInMaintenanceWindow,
    holdSeconds: req.holdSeconds ?? p.holdSeconds,
    stopOnSeverity: req.stopOnSeverity ?? p.stopOnSeverity,
    enabled: req.enabled ?? before.enabled,
  };
  // Recomputed from now even when only a setting changed: re-enabling a schedule must not report its paused runs as missed.
  const data = columns(merged, now);
  await checkGroup(db, before.groupId, merged.mode, "body.mode");
  const row = await db.$transaction(async (tx) => {
    const s = await tx.schedule.update({ where: { id }, data, include: scheduleInclude });
    await audit(tx, actor, "drill_schedule.updated", id, { changed: req, nextRunAt: data.nextRunAt });
    return s;
  });
  return toScheduleDto(row);
}
