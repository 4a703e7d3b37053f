// Runs drill schedules. Every tick (and at start) each enabled schedule whose
// next run is due is settled once:
//   - runs that fell due while Tandem was not running (older than the grace)
//     are recorded as MISSED, logged and audited: reported, never silently
//     skipped and never made up for (a burst of drills after an outage helps nobody);
//   - the newest run within the grace starts the drill, or is SKIPPED outside a
//     maintenance window when the schedule asks for one, or FAILED with why;
//   - then nextRunAt moves to the first run after now.
// The run's row is written before the drill starts: its unique (scheduleId,
// dueAt) index lets only one of two Tandem processes fire it.
import type { Db, Prisma } from "../../db/client";
import type { Logger } from "../../lib/logger";
import { intervalLoop } from "../../lib/interval-loop";
import { systemActor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { isUniqueViolation } from "../../inventory/db-errors";
import { localOf, occurrencesBetween, type WindowTiming } from "../../maintenance/occurrences";
import type { TDrillMode } from "../drills.types";
import { nextRunAfter, paramsOf, timingOf, type TScheduleParams } from "./schedule-dto";

export type ScheduledDrill = {
  scheduleId: string;
  groupId: string;
  mode: TDrillMode;
  holdSeconds: number;
  stopOnSeverity: TScheduleParams["stopOnSeverity"];
  dueAt: Date;
};

export type DrillSchedulerDeps = {
  db: Db;
  log: Logger;
  clock?: () => Date;
  /** Starts the drill (production: startScheduledDrill); throws when it cannot (409 an operation runs, a precondition). */
  start: (s: ScheduledDrill) => Promise<{ operationId: string }>;
  /** Whether the group's members are in a running maintenance window now. */
  inMaintenanceWindow: (groupId: string) => boolean;
  tickMs?: number;
  /** How late a run may still start; older ones are missed. */
  graceMs?: number;
  /** Told when runs were missed (an alert: a missed drill is news, not a silent gap). */
  onMissed?: (m: { scheduleId: string; groupId: string; count: number; first: Date; last: Date }) => void;
};

export type DrillScheduler = { start(): Promise<void>; stop(): Promise<void>; tick(): Promise<void> };

export type DueRuns = { missed: Date[]; run: Date | null; next: Date | null };

/** Missed runs get a row each up to this many (the newest); one more row counts the rest. */
const MAX_MISSED_ROWS = 20;

/**
 * What a schedule whose next run was `nextRunAt` owes at `now`: the runs older
 * than the grace (and any the newest one supersedes) are missed, the newest
 * within the grace runs, and the next run is the first after now.
 */
export function dueRuns(timing: WindowTiming, nextRunAt: Date, now: Date, graceMs: number): DueRuns {
  const startsIn = (from: Date, to: Date) => occurrencesBetween(timing, from, to).map((o) => o.start).filter((s) => s >= from && s < to);
  const graceFrom = new Date(Math.max(nextRunAt.getTime(), now.getTime() - graceMs));
  const late = startsIn(nextRunAt, graceFrom);
  const current = startsIn(graceFrom, new Date(now.getTime() + 1));
  return { missed: [...late, ...current.slice(0, -1)], run: current.at(-1) ?? null, next: nextRunAfter(timing, now) };
}

const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");
const when = (d: Date, timezone: string) => `${localOf(d, timezone).replace("T", " ")} ${timezone} (${iso(d)})`;

/** The rows recording missed runs: the newest ones one by one, the older rest summed up in a row at the oldest. */
export function missedRows(missed: Date[], timezone: string): { dueAt: Date; detail: string }[] {
  const each = missed.slice(-MAX_MISSED_ROWS).map((d) => ({ dueAt: d, detail: `Tandem was not running at ${when(d, timezone)}` }));
  const rest = missed.slice(0, -MAX_MISSED_ROWS);
  if (!rest.length) return each;
  const detail = `Tandem was not running for ${rest.length} more runs, from ${when(rest[0]!, timezone)} to ${when(rest.at(-1)!, timezone)}`;
  return [{ dueAt: rest[0]!, detail }, ...each];
}

type ScheduleRow = Prisma.ScheduleGetPayload<object>;

export function createDrillScheduler(deps: DrillSchedulerDeps): DrillScheduler {
  const clock = deps.clock ?? (() => new Date());
  const graceMs = deps.graceMs ?? 5 * 60_000;
  const log = deps.log.child({ component: "drill-scheduler" });
  const db = deps.db;
  let chain: Promise<unknown> = Promise.resolve();

  async function recordMissed(s: ScheduleRow, missed: Date[], now: Date): Promise<void> {
    const rows = missedRows(missed, s.timezone);
    // Another process may have recorded them already: skipDuplicates, and only what this one wrote is reported.
    const written = await db.$transaction(async (tx) => {
      const { count } = await tx.scheduleRun.createMany({ data: rows.map((r) => ({ scheduleId: s.id, dueAt: r.dueAt, at: now, outcome: "MISSED" as const, detail: r.detail })), skipDuplicates: true });
      if (count) {
        await recordAuditEvent(tx, systemActor, {
          action: "drill_schedule.missed",
          targetType: "drill_schedule",
          targetId: s.id,
          details: { groupId: s.groupId, missed: missed.length, first: missed[0]!.toISOString(), last: missed.at(-1)!.toISOString() },
        });
      }
      return count;
    });
    if (!written) return;
    log.warn(`a drill schedule missed ${missed.length} run(s) while Tandem was not running`, { scheduleId: s.id, groupId: s.groupId, first: iso(missed[0]!), last: iso(missed.at(-1)!) });
    if (s.groupId) deps.onMissed?.({ scheduleId: s.id, groupId: s.groupId, count: missed.length, first: missed[0]!, last: missed.at(-1)! });
  }

  async function runOnce(s: ScheduleRow & { groupId: string }, p: TScheduleParams, dueAt: Date, now: Date): Promise<void> {
    const skip = p.onlyInMaintenanceWindow && !deps.inMaintenanceWindow(s.groupId);
    let claimId: string;
    try {
      const claim = await db.scheduleRun.create({ data: { scheduleId: s.id, dueAt, at: now, outcome: skip ? "SKIPPED" : "STARTED", detail: skip ? "not inside a maintenance window" : "starting" } });
      claimId = claim.id;
    } catch (e) {
      if (isUniqueViolation(e)) return; // another Tandem process has this run
      throw e;
    }
    if (skip) {
      log.info("scheduled drill skipped: not inside a maintenance window", { scheduleId: s.id, groupId: s.groupId, dueAt: iso(dueAt) });
      return;
    }
    try {
      const { operationId } = await deps.start({ scheduleId: s.id, groupId: s.groupId, mode: p.mode, holdSeconds: p.holdSeconds, stopOnSeverity: p.stopOnSeverity, dueAt });
      await db.scheduleRun.update({ where: { id: claimId }, data: { operationId, detail: `started a ${p.mode} drill` } });
      log.info("scheduled drill started", { scheduleId: s.id, groupId: s.groupId, operationId, mode: p.mode });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await db.scheduleRun.update({ where: { id: claimId }, data: { outcome: "FAILED", detail: message.slice(0, 1000) } });
      log.warn("scheduled drill did not start", { scheduleId: s.id, groupId: s.groupId, err: message });
    }
  }

  async function settle(s: ScheduleRow & { groupId: string; nextRunAt: Date }, now: Date): Promise<void> {
    const p = paramsOf(s);
    const due = dueRuns(timingOf(s), s.nextRunAt, now, graceMs);
    if (due.missed.length) await recordMissed(s, due.missed, now);
    if (due.run) await runOnce(s, p, due.run, now);
    // Conditional on the nextRunAt read, so a process that settled it first is not overwritten.
    await db.schedule.updateMany({ where: { id: s.id, nextRunAt: s.nextRunAt }, data: { nextRunAt: due.next, ...(due.run ? { lastRunAt: now } : {}) } });
  }

  async function tickNow(): Promise<void> {
    const now = clock();
    const rows = await db.schedule.findMany({ where: { kind: "DRILL", enabled: true, groupId: { not: null }, nextRunAt: { lte: now } }, orderBy: { nextRunAt: "asc" } });
    for (const s of rows) {
      try {
        await settle(s as ScheduleRow & { groupId: string; nextRunAt: Date }, now);
      } catch (e) {
        log.error("drill schedule could not be settled; the others go on", { scheduleId: s.id, err: e instanceof Error ? e : String(e) });
      }
    }
  }

  /** Ticks never overlap: the loop's and a caller's (a test's) run one after the other. */
  const tick = () => {
    const run = chain.then(tickNow);
    chain = run.catch(() => undefined);
    return run;
  };

  const loop = intervalLoop("drill schedules", deps.tickMs ?? 15_000, tick, log);

  return {
    async start() {
      await tick().catch((e: unknown) => log.error("drill schedules tick failed", { err: e instanceof Error ? e : String(e) }));
      loop.start();
    },
    async stop() {
      await loop.stop();
      await chain;
    },
    tick,
  };
}
