// The operations engine: runs persisted plans step by step (drive-operation),
// pauses on timeouts, unwinds on failure or abort (unwind-operation), and after
// a restart resumes or safely ends what was RUNNING (recover-operations).
import type { Db } from "../db/client";
import type { Actor } from "../auth/principal";
import type { Logger } from "../lib/logger";
import { AppError, notFound } from "../errors/app-error";
import { commitChange, engineActor, loadOperation, type EngineDeps, type Emit } from "./commit-change";
import { driveOperation, type Driving } from "./drive-operation";
import { getOperation } from "./get-operation";
import type { TOperation } from "./operation.types";
import type { OperationKind } from "../db/generated/enums";
import { recoverOperations, type Recovered } from "./recover-operations";
import type { ActionHandler } from "./run-step";
import { unwindOperation } from "./unwind-operation";
import { checkFence, type LeaderFence } from "../cluster/fencing";

/** What a mutation returns: the operation as it now stands, and when the engine is done with it (ended or paused). Never rejects. */
export type Started = { operation: TOperation; done: Promise<TOperation> };

export type OperationsEngine = {
  /** Recovers what a previous process left RUNNING; then operations can run. */
  start(): Promise<Recovered[]>;
  /** Lets each running step finish and record itself, then leaves its operation RUNNING for the next recover(). */
  stop(): Promise<void>;
  /**
   * This process is no longer the leader: signal every running step to stop now
   * (its handler's abort signal) and write nothing more; the operations stay
   * RUNNING for the new leader's recover(). Its writes would be refused anyway.
   */
  abandon(): Promise<void>;
  run(operationId: string, actor?: Actor): Promise<Started>;
  /** `keepThrough`: undo only the steps after this index (a drill failing back onto a dead primary keeps its switchover). */
  abort(operationId: string, actor: Actor, reason: string, opts?: { keepThrough?: number }): Promise<Started>;
  resume(operationId: string, actor: Actor, opts?: { skip?: boolean }): Promise<Started>;
  /** Kinds with a pausing driver (rollouts): start nothing new, finish what is in flight, then PAUSED. */
  pause(operationId: string, actor: Actor, reason: string): Promise<Started>;
  recover(): Promise<Recovered[]>;
  /** Resolves when every operation this engine drives has stopped (tests). */
  idle(): Promise<void>;
};

/** Marks an operation whose abort was requested, so a restart finishes the abort instead of resuming. */
export const ABORT_MARK = "abort requested";

/**
 * An operation kind that is not a linear list of steps (a rollout runs batches
 * of hosts in parallel) brings its own driver. It honours the Driving flags:
 * abortBy (finish or undo what is in flight, end ABORTED), pauseBy (start
 * nothing new, end PAUSED once in-flight work is done), stopping (leave it
 * RUNNING for recover()), and resumes from its own records after a restart,
 * finishing an abort when the operation's outcome carries ABORT_MARK.
 */
export type KindDriver = {
  drive(deps: EngineDeps, operationId: string, d: Driving): Promise<TOperation>;
  /** A PAUSED operation that a restart interrupted with work in flight: recover() finishes that work (it stays PAUSED). */
  hasWorkInFlight?(deps: EngineDeps, operationId: string): Promise<boolean>;
};

export function createOperationsEngine(opts: {
  db: Db;
  actions: Record<string, ActionHandler>;
  log: Logger;
  clock?: () => Date;
  emit?: Emit;
  drivers?: Partial<Record<OperationKind, KindDriver>>;
  /** In a cluster: the leader's epoch, carried by every write (server/cluster/fencing.ts). */
  fence?: LeaderFence;
}): OperationsEngine {
  const drivers = opts.drivers ?? {};
  const ownDrivers = Object.keys(drivers) as OperationKind[];
  const deps: EngineDeps = { db: opts.db, actions: opts.actions, log: opts.log, clock: opts.clock ?? (() => new Date()), emit: opts.emit ?? (() => undefined), fence: opts.fence };
  const active = new Map<string, { driving: Driving; done: Promise<TOperation> }>();
  let stopping = false;

  /** Runs `work` as this operation's only driver; a crash of the work ends the operation FAILED, visibly. */
  function track(id: string, work: (d: Driving) => Promise<TOperation>): Promise<TOperation> {
    if (stopping) throw new AppError("UNAVAILABLE", "The operations engine is stopping");
    if (active.has(id)) throw new AppError("CONFLICT", "The engine is already running this operation");
    const driving: Driving = { controller: new AbortController(), stopping: false };
    const done = work(driving)
      .catch(async (e: unknown) => {
        deps.log.error("operation driver failed", { operationId: id, err: e as Error });
        const reason = `engine error: ${e instanceof Error ? e.message : String(e)}`;
        await commitChange(deps, id, { op: { state: "FAILED", endedAt: deps.clock(), outcome: reason }, audit: { actor: engineActor, action: "operation.failed", details: { reason } } }).catch(
          (e2: unknown) => deps.log.error("could not record the operation's failure", { operationId: id, err: e2 as Error }),
        );
        return (await getOperation(deps.db, id).catch(() => null))!;
      })
      .finally(() => active.delete(id));
    active.set(id, { driving, done });
    return done;
  }

  function ensureRunning() {
    // Checked before any write, so a refused request changes nothing.
    if (stopping) throw new AppError("UNAVAILABLE", "The operations engine is stopping");
  }

  async function mustLoad(id: string) {
    const op = await loadOperation(deps.db, id);
    if (!op) throw notFound("Operation");
    return op;
  }

  /** Resuming a kind with its own driver: one still finishing its in-flight work just carries on. */
  async function resumeOwn(op: { id: string; state: string }, driver: KindDriver, actor: Actor): Promise<Started> {
    if (op.state !== "PAUSED") throw new AppError("CONFLICT", `Only a paused operation can be resumed (it is ${op.state})`);
    await commitChange(deps, op.id, { op: { state: "RUNNING", outcome: null }, audit: { actor, action: "operation.resume", details: {} } });
    const running = active.get(op.id);
    if (running) {
      running.driving.pauseBy = undefined;
      return { operation: (await getOperation(deps.db, op.id))!, done: running.done };
    }
    return { operation: (await getOperation(deps.db, op.id))!, done: track(op.id, (d) => driver.drive(deps, op.id, d)) };
  }

  const engine: OperationsEngine = {
    async start() {
      stopping = false;
      return engine.recover();
    },

    async stop() {
      stopping = true;
      for (const { driving } of active.values()) driving.stopping = true;
      await Promise.all([...active.values()].map((a) => a.done));
    },

    async abandon() {
      stopping = true;
      for (const { driving } of active.values()) {
        driving.stopping = true;
        driving.controller.abort(new Error("this Tandem node is no longer the leader"));
      }
      await Promise.all([...active.values()].map((a) => a.done));
    },

    async run(id, actor = engineActor) {
      ensureRunning();
      if (active.has(id)) throw new AppError("CONFLICT", "The engine is already running this operation");
      const claimed = await deps.db.$transaction(async (tx) => {
        const epoch = await checkFence(tx, deps.fence);
        return tx.operation.updateMany({ where: { id, state: "PLANNED" }, data: { state: "RUNNING", startedAt: deps.clock(), leaderEpoch: epoch } });
      });
      if (claimed.count === 0) {
        const op = await mustLoad(id);
        throw new AppError("CONFLICT", `The operation is ${op.state}, not PLANNED`);
      }
      const { op } = await commitChange(deps, id, { op: {}, audit: { actor, action: "operation.start", details: {} } });
      const driver = drivers[op!.kind];
      return { operation: (await getOperation(deps.db, op!.id))!, done: track(id, (d) => (driver ? driver.drive(deps, id, d) : driveOperation(deps, id, d))) };
    },

    async abort(id, actor, reason, opts = {}) {
      ensureRunning();
      const op = await mustLoad(id);
      if (!["PLANNED", "RUNNING", "PAUSED"].includes(op.state)) throw new AppError("CONFLICT", `The operation already ended (${op.state})`);
      const by = { actor, reason: `aborted by ${actor.label}${reason ? `: ${reason}` : ""}`, keepThrough: opts.keepThrough };
      // The mark carries a partial abort too, so a restart finishes the same abort.
      const keep = by.keepThrough !== undefined ? ` [keep 0-${by.keepThrough}]` : "";
      await commitChange(deps, id, { op: { outcome: `${ABORT_MARK}${keep}: ${by.reason}` }, audit: { actor, action: "operation.abort_requested", details: { reason, state: op.state } } });
      const running = active.get(id);
      if (running) {
        // Signal the running handler; the driver unwinds once the step has ended.
        running.driving.abortBy = by;
        running.driving.controller.abort(new Error(by.reason));
        return { operation: (await getOperation(deps.db, id))!, done: running.done };
      }
      // Planned, paused, or left RUNNING by a crashed process: nothing is executing, unwind now.
      const driver = drivers[op.kind];
      if (driver) {
        return {
          operation: (await getOperation(deps.db, id))!,
          done: track(id, (d) => {
            d.abortBy = by;
            return driver.drive(deps, id, d);
          }),
        };
      }
      return { operation: (await getOperation(deps.db, id))!, done: track(id, () => unwindOperation(deps, id, "aborted", by)) };
    },

    async resume(id, actor, { skip = false } = {}) {
      ensureRunning();
      const op = await mustLoad(id);
      const driver = drivers[op.kind];
      if (driver) return resumeOwn(op, driver, actor);
      if (op.state !== "PAUSED" || active.has(id)) throw new AppError("CONFLICT", `Only a paused operation can be resumed (it is ${op.state})`);
      const step = op.steps[op.currentStep];
      if (!step) throw new AppError("CONFLICT", "The operation has no step to resume at");
      await commitChange(deps, id, {
        step: { id: step.id, data: skip ? { state: "SKIPPED", endedAt: deps.clock() } : { state: "PENDING", endedAt: null } },
        op: { state: "RUNNING", outcome: null, ...(skip ? { currentStep: op.currentStep + 1 } : {}) },
        audit: { actor, action: "operation.resume", details: { index: step.index, action: step.action, skip } },
      });
      return { operation: (await getOperation(deps.db, id))!, done: track(id, (d) => driveOperation(deps, id, d)) };
    },

    async pause(id, actor, reason) {
      ensureRunning();
      const op = await mustLoad(id);
      if (!drivers[op.kind]) throw new AppError("CONFLICT", `A ${op.kind.toLowerCase()} cannot be paused; abort it instead`);
      if (op.state !== "RUNNING") throw new AppError("CONFLICT", `Only a running operation can be paused (it is ${op.state})`);
      const running = active.get(id);
      if (!running) throw new AppError("CONFLICT", "No Tandem process is driving this operation right now; wait for it to be recovered");
      const why = `paused by ${actor.label}${reason ? `: ${reason}` : ""}`;
      running.driving.pauseBy = { actor, reason: why };
      await commitChange(deps, id, { op: { state: "PAUSED", outcome: `${why}; hosts in flight finish first` }, audit: { actor, action: "operation.pause", details: { reason } } });
      return { operation: (await getOperation(deps.db, id))!, done: running.done };
    },

    async recover() {
      const own: Recovered[] = [];
      if (ownDrivers.length) {
        const ops = await deps.db.operation.findMany({ where: { kind: { in: ownDrivers }, state: { in: ["RUNNING", "PAUSED"] } }, select: { id: true, kind: true, state: true }, orderBy: { createdAt: "asc" } });
        for (const op of ops) {
          const driver = drivers[op.kind]!;
          if (active.has(op.id)) continue;
          if (op.state === "PAUSED" && !(await driver.hasWorkInFlight?.(deps, op.id))) continue;
          await commitChange(deps, op.id, { audit: { actor: engineActor, action: "operation.recover", details: { decision: op.state === "PAUSED" ? "finish-in-flight" : "resume" } } });
          const done = track(op.id, (d) => {
            if (op.state === "PAUSED") d.pauseBy = { actor: engineActor, reason: "paused by an operator before a Tandem restart" };
            return driver.drive(deps, op.id, d);
          });
          own.push({ operationId: op.id, action: "resumed", done });
        }
      }
      return [...own, ...(await recoverOperations(deps, { isActive: (id) => active.has(id), track, abortMark: ABORT_MARK, ownDrivers }))];
    },

    async idle() {
      for (let i = 0; i < 100 && active.size > 0; i++) await Promise.all([...active.values()].map((a) => a.done));
    },
  };
  return engine;
}
