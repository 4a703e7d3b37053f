// Drives a ROLLOUT operation (the engine's KindDriver for its kind): batches
// one after another, the hosts of a batch in parallel, each through
// run-rollout-host. Before a host starts, the live guard re-checks that taking
// it out keeps every group it belongs to at or above its minimum (the plan was
// made earlier; the world may have moved): it waits for the group to recover,
// and skips the host if it does not within its timeout.
//
// Stops: the failure budget spent (per batch or overall) ends it FAILED with a
// critical alert; an abort starts nothing new, lets the hosts in flight finish
// their step and re-enable, and ends ABORTED; a pause starts nothing new and
// ends PAUSED once the hosts in flight are done; a window's cutoff starts no new
// batch. Tandem stopping leaves it RUNNING; recover() resumes each host at its step.
import { setMaxListeners } from "node:events";
import { sleep } from "../lib/sleep";
import type { SecretBox } from "../crypto/secret-box";
import type { EngineDeps } from "../operations/commit-change";
import { commitChange, engineActor } from "../operations/commit-change";
import type { Driving } from "../operations/drive-operation";
import type { KindDriver } from "../operations/engine";
import { ABORT_MARK } from "../operations/engine";
import { getOperation } from "../operations/get-operation";
import type { LiveStates } from "../groups/group-dto";
import type { TOperation } from "../operations/operation.types";
import { loadRolloutFleet, type RolloutFleet, type SampleSource } from "./rollout-fleet";
import { rolloutMetaOf } from "./rollout-meta";
import { whyNotNow, type PlannerServer } from "./plan-rollout";
import { runRolloutHost, type RolloutHostDeps } from "./run-rollout-host";
import type { TBatchSize } from "./rollouts.types";
import type { RolloutActivity } from "./rollout-activity";

export type RolloutDriverDeps = Omit<RolloutHostDeps, "engine"> & {
  secretBox: SecretBox;
  live: () => LiveStates | undefined;
  sample: SampleSource;
  /** The end of a maintenance window's current occurrence (the cutoff is taken from it); null when it does not run now or is gone. */
  windowEnd(windowId: string): Promise<Date | null>;
  /** Hosts rollouts have out of rotation now, for the alert manager and automatic failover. */
  activity: RolloutActivity;
  /** Upper bound on hosts of one batch worked on at once. */
  maxParallel?: number;
};

/** How many failures a budget allows out of n: a count, or a percent (rounded down). */
export function allowedFailures(budget: TBatchSize | 0, n: number): number {
  if (typeof budget === "number") return budget;
  return Math.floor((Number(budget.slice(0, -1)) * n) / 100);
}

export function rolloutDriver(deps: RolloutDriverDeps): KindDriver {
  return {
    async hasWorkInFlight(engine, id) {
      return (await engine.db.rolloutHost.count({ where: { operationId: id, state: "RUNNING" } })) > 0;
    },
    drive: (engine, id, d) => driveRollout({ ...deps, engine }, id, d),
  };
}

async function driveRollout(deps: RolloutDriverDeps & { engine: EngineDeps }, id: string, d: Driving): Promise<TOperation> {
  const { engine } = deps;
  const db = engine.db;
  const op = await db.operation.findUniqueOrThrow({ where: { id } });
  const meta = rolloutMetaOf(op.plan);
  const s = meta.settings;
  // A restart after an abort was asked: finish the abort.
  if (!d.abortBy && op.outcome?.startsWith(ABORT_MARK)) d.abortBy = { actor: engineActor, reason: op.outcome.slice(ABORT_MARK.length).replace(/^: /, "") };

  const hosts = await db.rolloutHost.findMany({ where: { operationId: id }, include: { server: { select: { name: true } } }, orderBy: { position: "asc" } });
  const total = hosts.length;
  let fleet: RolloutFleet = await loadRolloutFleet(db, hosts.map((h) => h.serverId), deps.live(), deps.sample, s.windowId);
  const inFlight = new Map<string, Promise<void>>();
  let failuresOverall = hosts.filter((h) => h.state === "FAILED").length;
  let stopReason: { state: "FAILED" | "ABORTED"; outcome: string; alert?: boolean } | null = null;
  // Every host in flight waits on this signal at once (hundreds in a big batch).
  setMaxListeners(0, d.controller.signal);
  const control = {
    aborted: () => !!d.abortBy,
    stopping: () => d.stopping,
    signal: d.controller.signal,
  };

  const runOne = (h: (typeof hosts)[number], onFailed: () => void) => {
    deps.activity.add(
      h.serverId,
      (fleet.groupsOf.get(h.serverId) ?? []).map((g) => g.id),
      { id, reason: op.reason },
    );
    const p = runRolloutHost(deps, { operationId: id, settings: s, fleet, control }, h)
      .then((r) => {
        if (r === "FAILED") onFailed();
      })
      .catch((e: unknown) => {
        engine.log.error("rollout host run failed", { operationId: id, serverId: h.serverId, err: e as Error });
        onFailed();
      })
      .finally(() => {
        inFlight.delete(h.serverId);
        deps.activity.remove(h.serverId);
      });
    inFlight.set(h.serverId, p);
  };

  /** The live view for the guard: hosts in flight count as out. */
  let fleetAt = Date.now();
  const guardFacts = async () => {
    // Reloaded at most once a second (a batch may start hundreds of hosts); the hosts started since are in inFlight.
    if (Date.now() - fleetAt >= 1000) {
      fleet = await loadRolloutFleet(db, hosts.map((h) => h.serverId), deps.live(), deps.sample, s.windowId);
      fleetAt = Date.now();
    }
    return fleet;
  };

  const skipHost = async (hostId: string, why: string) => {
    await db.rolloutHost.update({ where: { id: hostId }, data: { state: "SKIPPED", error: why, endedAt: engine.clock() } });
  };

  const batches = [...new Set(hosts.map((h) => h.batch))].sort((a, b) => a - b);
  for (const b of batches) {
    const batchHosts = hosts.filter((h) => h.batch === b);
    let failuresBatch = batchHosts.filter((h) => h.state === "FAILED").length;
    const pending = batchHosts.filter((h) => h.state === "PENDING");
    // Hosts a restart found RUNNING (batches run in order, so they are this batch's) are out of
    // rotation already: they carry on whatever else holds (an abort, a pause), so they are put back.
    const resumed = batchHosts.filter((h) => h.state === "RUNNING");
    if (!pending.length && !resumed.length) continue;
    await Promise.all(inFlight.values());

    // A window's cutoff: no new batch starts after its end minus the cutoff.
    if (s.windowId && !stopReason && !d.abortBy) {
      const end = await deps.windowEnd(s.windowId);
      const cutoff = end ? end.getTime() - s.windowCutoffMinutes * 60_000 : null;
      if (cutoff === null || engine.clock().getTime() > cutoff) {
        stopReason = { state: "ABORTED", outcome: end ? `the maintenance window's cutoff (${new Date(cutoff!).toISOString()}) passed before batch ${b + 1}: no new batch starts` : `the maintenance window no longer runs: batch ${b + 1} did not start` };
      }
    }

    const onFailed = () => {
      failuresOverall++;
      failuresBatch++;
      const overBatch = failuresBatch > allowedFailures(s.failureBudget.perBatch, batchHosts.length);
      const overAll = failuresOverall > allowedFailures(s.failureBudget.overall, total);
      if ((overBatch || overAll) && !stopReason) {
        stopReason = {
          state: "FAILED",
          alert: true,
          outcome: `failure budget spent: ${overBatch ? `${failuresBatch} of ${batchHosts.length} host(s) failed in batch ${b + 1} (budget ${s.failureBudget.perBatch})` : `${failuresOverall} of ${total} host(s) failed (budget ${s.failureBudget.overall})`}; the rollout stopped itself`,
        };
      }
    };

    for (const h of resumed) runOne(h, onFailed);
    for (const h of pending) {
      if (stopReason || d.abortBy || d.pauseBy || d.stopping) break;
      while (inFlight.size >= (deps.maxParallel ?? 100)) await Promise.race(inFlight.values());
      // The live guard: wait (bounded) until taking this host out keeps its groups whole.
      const waitUntil = Date.now() + s.hostTimeoutSeconds * 1000;
      let why: string | null = null;
      for (;;) {
        const f = await guardFacts();
        why = whyNotNow(h.serverId, f.groupsOf.get(h.serverId) ?? [], f.servers as ReadonlyMap<string, PlannerServer>, new Set(inFlight.keys()));
        if (!why || Date.now() > waitUntil || stopReason || d.abortBy || d.pauseBy || d.stopping) break;
        await sleep(1000, d.controller.signal);
      }
      if (stopReason || d.abortBy || d.pauseBy || d.stopping) break;
      if (why) {
        await skipHost(h.id, `not started: ${why}`);
        continue;
      }
      runOne(h, onFailed);
    }
    await Promise.all(inFlight.values());
    if (d.stopping) return (await getOperation(db, id))!;
    if (stopReason || d.abortBy) break;
    if (d.pauseBy) {
      const paused = await settlePause(deps, id, d);
      if (paused) return paused;
      // Resumed while the hosts in flight finished: carry on with this batch's rest.
      return driveRollout(deps, id, d);
    }
  }
  await Promise.all(inFlight.values());
  if (d.stopping) return (await getOperation(db, id))!;

  // Whatever did not start does not: recorded, never silently dropped.
  const end = stopReason ?? (d.abortBy ? { state: "ABORTED" as const, outcome: d.abortBy.reason } : null);
  if (end) {
    await db.rolloutHost.updateMany({ where: { operationId: id, state: "PENDING" }, data: { state: "SKIPPED", error: `not started: ${end.state === "ABORTED" ? "the rollout was stopped" : "the failure budget was spent"}`, endedAt: engine.clock() } });
  }
  const counts = await db.rolloutHost.groupBy({ by: ["state"], where: { operationId: id }, _count: true });
  const n = (st: string) => counts.find((c) => c.state === st)?._count ?? 0;
  const tally = `${n("SUCCEEDED")} of ${total} host(s) patched, ${n("FAILED")} failed, ${n("SKIPPED")} skipped`;
  const state = end?.state ?? "SUCCEEDED";
  const outcome = end ? `${end.outcome}; ${tally}` : n("FAILED") ? `${tally} (within the failure budget)` : tally;
  await commitChange(engine, id, {
    op: { state, endedAt: engine.clock(), outcome },
    audit: { actor: d.abortBy?.actor ?? engineActor, action: `operation.${state.toLowerCase()}`, details: { outcome } },
  });
  return (await getOperation(db, id))!;
}

/** The hosts in flight are done: PAUSED, unless an operator resumed meanwhile (then null: carry on). */
async function settlePause(deps: { engine: EngineDeps }, id: string, d: Driving): Promise<TOperation | null> {
  if (!d.pauseBy) return null;
  await commitChange(deps.engine, id, { op: { state: "PAUSED", outcome: `${d.pauseBy.reason}; nothing in flight` } });
  if (d.pauseBy) return (await getOperation(deps.engine.db, id))!;
  await commitChange(deps.engine, id, { op: { state: "RUNNING", outcome: null } });
  return null;
}
