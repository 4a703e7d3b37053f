// Creating and editing a rollout schedule share their checks: a valid start and
// rule (400 on the field), a maintenance window that exists (400), and a custom
// patch command only from an admin (403): it is code run as root on every
// target, and the scheduler fires it later on the strength of this check.
// nextRunAt is worked out here, so the scheduler only reads it.
import type { Db, Prisma, Tx } from "../../db/client";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { AppError, notFound } from "../../errors/app-error";
import { checkTiming } from "../../maintenance/window-dto";
import { nextRunAfter, timingOf } from "../../schedules/timing";
import type { TStartRolloutRequest } from "../rollouts.types";
import type { TCreateRolloutScheduleRequest, TRolloutSchedule, TUpdateRolloutScheduleRequest } from "./rollout-schedules.types";
import { rolloutOf, rolloutScheduleInclude, toRolloutScheduleDto } from "./rollout-schedule-dto";

type Opts = { isAdmin: boolean; now?: Date };

async function checkRollout(db: Db, rollout: TStartRolloutRequest): Promise<void> {
  if (!rollout.windowId) return;
  const w = await db.maintenanceWindow.findUnique({ where: { id: rollout.windowId }, select: { id: true } });
  if (!w) throw new AppError("VALIDATION", "The maintenance window does not exist", { fields: [{ path: "body.rollout.windowId", message: "no such maintenance window" }] });
}

function columns(s: TCreateRolloutScheduleRequest, now: Date) {
  const timing = { localStart: s.start, timezone: s.timezone, rrule: s.rrule };
  checkTiming(timing);
  return { ...timing, params: s.rollout as unknown as Prisma.InputJsonValue, enabled: s.enabled, nextRunAt: nextRunAfter(timingOf(timing), now) };
}

const audit = (tx: Tx, actor: Actor, action: string, id: string, details: Record<string, unknown>) =>
  recordAuditEvent(tx, actor, { action, targetType: "rollout_schedule", targetId: id, details: JSON.parse(JSON.stringify(details)) });

export async function createRolloutSchedule(db: Db, actor: Actor, req: TCreateRolloutScheduleRequest, opts: Opts): Promise<TRolloutSchedule> {
  if (req.rollout.command.kind === "custom" && !opts.isAdmin) throw new AppError("FORBIDDEN", "Only an admin may schedule a custom patch command");
  const data = columns(req, opts.now ?? new Date());
  await checkRollout(db, req.rollout);
  const row = await db.$transaction(async (tx) => {
    const s = await tx.schedule.create({ data: { kind: "ROLLOUT", ...data, createdBy: actor.label }, include: rolloutScheduleInclude });
    await audit(tx, actor, "rollout_schedule.created", s.id, { ...req, nextRunAt: data.nextRunAt });
    return s;
  });
  return toRolloutScheduleDto(row);
}

/** Pausing is always allowed: it only stops runs. */
const onlyPauses = (req: TUpdateRolloutScheduleRequest) => req.enabled === false && Object.entries(req).every(([k, v]) => k === "enabled" || v === undefined);

export async function updateRolloutSchedule(db: Db, actor: Actor, id: string, req: TUpdateRolloutScheduleRequest, opts: Opts): Promise<TRolloutSchedule> {
  const before = await db.schedule.findFirst({ where: { id, kind: "ROLLOUT" } });
  if (!before) throw notFound("Rollout schedule");
  const merged: TCreateRolloutScheduleRequest = {
    start: req.start ?? before.localStart,
    timezone: req.timezone ?? before.timezone,
    rrule: req.rrule ?? before.rrule,
    enabled: req.enabled ?? before.enabled,
    rollout: req.rollout ?? rolloutOf(before),
  };
  // An operator may pause or delete an admin's custom-command schedule, not re-time, re-enable or rewrite it.
  if (merged.rollout.command.kind === "custom" && !opts.isAdmin && !onlyPauses(req)) {
    throw new AppError("FORBIDDEN", "Only an admin may change a schedule that runs a custom patch command (an operator may pause or delete it)");
  }
  // Recomputed from now even when only a setting changed: re-enabling a schedule must not report its paused runs as missed.
  const data = columns(merged, opts.now ?? new Date());
  if (req.rollout) await checkRollout(db, merged.rollout);
  const row = await db.$transaction(async (tx) => {
    const s = await tx.schedule.update({ where: { id }, data, include: rolloutScheduleInclude });
    await audit(tx, actor, "rollout_schedule.updated", id, { changed: req, nextRunAt: data.nextRunAt });
    return s;
  });
  return toRolloutScheduleDto(row);
}
