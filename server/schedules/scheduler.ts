// Runs schedules of every kind it has a starter for (drills, rollouts). Every
// tick (and at start) each enabled schedule whose next run is due is settled once:
//   - runs that fell due while Tandem was not running (older than the grace)
//     are recorded as MISSED, logged and audited: reported, never silently
//     skipped and never made up for (a burst of operations after an outage helps nobody);
//   - the newest run within the grace starts its operation, or is SKIPPED when
//     the kind says so (a drill outside its maintenance window), or FAILED with why;
//   - then nextRunAt moves to the first run after now.
// The run's row is written before the operation starts: its unique (scheduleId,
// dueAt) index lets only one of two Tandem processes fire it.
import type { Db, Prisma } from "../db/client";
import type { Logger } from "../lib/logger";
import { intervalLoop } from "../lib/interval-loop";
import { systemActor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { isUniqueViolation } from "../inventory/db-errors";
import { dueRuns, iso, missedRows } from "./due-runs";
import { timingOf } from "./timing";

export type ScheduleRow = Prisma.ScheduleGetPayload<object>;
export type ScheduleKindName = "DRILL" | "ROLLOUT";

/** One due run, ready to fire: read from the schedule's params when it is settled. */
export type PreparedRun = {
  /** Why this run is skipped rather than started (checked when it is due); null to start it. */
  skipReason?: () => string | null;
  /** Starts the operation; throws when it cannot (the message is the FAILED run's detail). */
  start: (dueAt: Date) => Promise<{ operationId: string; detail: string }>;
};

/** What the scheduler needs to know about one kind of schedule. */
export type ScheduleKind = {
  /** In log lines: "drill", "rollout". */
  noun: string;
  /** The audit target type, and the prefix of its actions ("drill_schedule.missed"). */
  auditTarget: string;
  /** Narrows which rows of this kind are due (a drill needs its group). */
  where?: Prisma.ScheduleWhereInput;
  /** Reads the schedule's params; throws on a broken row (logged; the row waits for a fix, the others go on). */
  prepare: (s: ScheduleRow) => PreparedRun;
  /** Told when runs were missed, after they were recorded by this process. */
  onMissed?: (s: ScheduleRow, m: { count: number; first: Date; last: Date }) => void;
};

export type SchedulerDeps = {
  db: Db;
  log: Logger;
  kinds: Partial<Record<ScheduleKindName, ScheduleKind>>;
  clock?: () => Date;
  tickMs?: number;
  /** How late a run may still start; older ones are missed. */
  graceMs?: number;
  /** The loop's name in logs. */
  name?: string;
};

export type Scheduler = { start(): Promise<void>; stop(): Promise<void>; tick(): Promise<void> };

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const clock = deps.clock ?? (() => new Date());
  const graceMs = deps.graceMs ?? 5 * 60_000;
  const name = deps.name ?? "schedules";
  const log = deps.log.child({ component: "scheduler" });
  const db = deps.db;
  const kinds = Object.entries(deps.kinds) as [ScheduleKindName, ScheduleKind][];
  let chain: Promise<unknown> = Promise.resolve();

  async function recordMissed(s: ScheduleRow, k: ScheduleKind, missed: Date[], now: Date): Promise<void> {
    const rows = missedRows(missed, s.timezone);
    // Another process may have recorded them already: skipDuplicates, and only what this one wrote is reported.
    const written = await db.$transaction(async (tx) => {
      const { count } = await tx.scheduleRun.createMany({ data: rows.map((r) => ({ scheduleId: s.id, dueAt: r.dueAt, at: now, outcome: "MISSED" as const, detail: r.detail })), skipDuplicates: true });
      if (count) {
        await recordAuditEvent(tx, systemActor, {
          action: `${k.auditTarget}.missed`,
          targetType: k.auditTarget,
          targetId: s.id,
          details: { groupId: s.groupId, missed: missed.length, first: missed[0]!.toISOString(), last: missed.at(-1)!.toISOString() },
        });
      }
      return count;
    });
    if (!written) return;
    log.warn(`a ${k.noun} schedule missed ${missed.length} run(s) while Tandem was not running`, { scheduleId: s.id, groupId: s.groupId, first: iso(missed[0]!), last: iso(missed.at(-1)!) });
    k.onMissed?.(s, { count: missed.length, first: missed[0]!, last: missed.at(-1)! });
  }

  async function runOnce(s: ScheduleRow, k: ScheduleKind, run: PreparedRun, dueAt: Date, now: Date): Promise<void> {
    const skip = run.skipReason?.() ?? null;
    let claimId: string;
    try {
      const claim = await db.scheduleRun.create({ data: { scheduleId: s.id, dueAt, at: now, outcome: skip ? "SKIPPED" : "STARTED", detail: skip ?? "starting" } });
      claimId = claim.id;
    } catch (e) {
      if (isUniqueViolation(e)) return; // another Tandem process has this run
      throw e;
    }
    if (skip) {
      log.info(`scheduled ${k.noun} skipped: ${skip}`, { scheduleId: s.id, groupId: s.groupId, dueAt: iso(dueAt) });
      return;
    }
    try {
      const { operationId, detail } = await run.start(dueAt);
      await db.scheduleRun.update({ where: { id: claimId }, data: { operationId, detail } });
      log.info(`scheduled ${k.noun} started`, { scheduleId: s.id, groupId: s.groupId, operationId });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await db.scheduleRun.update({ where: { id: claimId }, data: { outcome: "FAILED", detail: message.slice(0, 1000) } });
      log.warn(`scheduled ${k.noun} did not start`, { scheduleId: s.id, groupId: s.groupId, err: message });
    }
  }

  async function settle(s: ScheduleRow & { nextRunAt: Date }, k: ScheduleKind, now: Date): Promise<void> {
    const run = k.prepare(s);
    const due = dueRuns(timingOf(s), s.nextRunAt, now, graceMs);
    if (due.missed.length) await recordMissed(s, k, due.missed, now);
    if (due.run) await runOnce(s, k, run, due.run, now);
    // Conditional on the nextRunAt read, so a process that settled it first is not overwritten.
    await db.schedule.updateMany({ where: { id: s.id, nextRunAt: s.nextRunAt }, data: { nextRunAt: due.next, ...(due.run ? { lastRunAt: now } : {}) } });
  }

  async function tickNow(): Promise<void> {
    if (!kinds.length) return;
    const now = clock();
    const rows = await db.schedule.findMany({
      where: { enabled: true, nextRunAt: { lte: now }, OR: kinds.map(([kind, k]) => ({ kind, ...k.where })) },
      orderBy: { nextRunAt: "asc" },
    });
    for (const s of rows) {
      const k = deps.kinds[s.kind as ScheduleKindName]!;
      try {
        await settle(s as ScheduleRow & { nextRunAt: Date }, k, now);
      } catch (e) {
        log.error(`${k.noun} schedule could not be settled; the others go on`, { scheduleId: s.id, err: e instanceof Error ? e : String(e) });
      }
    }
  }

  /** Ticks never overlap: the loop's and a caller's (a test's) run one after the other. */
  const tick = () => {
    const run = chain.then(tickNow);
    chain = run.catch(() => undefined);
    return run;
  };

  const loop = intervalLoop(name, deps.tickMs ?? 15_000, tick, log);

  return {
    async start() {
      await tick().catch((e: unknown) => log.error(`${name} tick failed`, { err: e instanceof Error ? e : String(e) }));
      loop.start();
    },
    async stop() {
      await loop.stop();
      await chain;
    },
    tick,
  };
}
