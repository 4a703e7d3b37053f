// Progress of a rollout, counted from its hosts so that a streamed host change
// moves the bars before the next full refetch.
import type { TOperationState } from "@/server/operations/operation.types";
import type { TRollout, TRolloutBatch, TRolloutHost, TRolloutHostState, TRolloutHostStep } from "./types";

const ENDED_HOST: ReadonlySet<TRolloutHostState> = new Set(["SUCCEEDED", "FAILED", "SKIPPED"]);
export const isHostDone = (s: TRolloutHostState) => ENDED_HOST.has(s);

export const isRolloutLive = (s: TOperationState) => s === "PLANNED" || s === "RUNNING" || s === "PAUSED";

export type TProgress = { done: number; total: number; succeeded: number; failed: number; skipped: number; running: number; pct: number };

export function progressOf(hosts: readonly Pick<TRolloutHost, "state">[]): TProgress {
  let succeeded = 0;
  let failed = 0;
  let skipped = 0;
  let running = 0;
  for (const h of hosts) {
    if (h.state === "SUCCEEDED") succeeded++;
    else if (h.state === "FAILED") failed++;
    else if (h.state === "SKIPPED") skipped++;
    else if (h.state === "RUNNING") running++;
  }
  const done = succeeded + failed + skipped;
  const total = hosts.length;
  return { done, total, succeeded, failed, skipped, running, pct: total ? Math.round((done / total) * 100) : 0 };
}

/** A list row's progress, from its counts. */
export function summaryProgress(r: { hosts: number; succeeded: number; failed: number; skipped: number }): TProgress {
  const done = r.succeeded + r.failed + r.skipped;
  return { done, total: r.hosts, succeeded: r.succeeded, failed: r.failed, skipped: r.skipped, running: 0, pct: r.hosts ? Math.round((done / r.hosts) * 100) : 0 };
}

export type TBatchView = { batch: TRolloutBatch; hosts: TRolloutHost[]; progress: TProgress };

/** Each batch with its hosts (in the rollout's order) and their progress; hosts of a batch the list does not name get one of their own. */
export function batchesOf(rollout: Pick<TRollout, "batchList" | "hostList">): TBatchView[] {
  const byBatch = new Map<number, TRolloutHost[]>();
  for (const h of rollout.hostList) {
    const list = byBatch.get(h.batch) ?? [];
    list.push(h);
    byBatch.set(h.batch, list);
  }
  const batches = [...rollout.batchList];
  for (const index of byBatch.keys()) {
    if (!batches.some((b) => b.index === index)) {
      const hosts = byBatch.get(index)!;
      batches.push({ index, state: "PENDING", hosts: hosts.length, done: 0, failed: 0 });
    }
  }
  return batches
    .sort((a, b) => a.index - b.index)
    .map((batch) => {
      const hosts = byBatch.get(batch.index) ?? [];
      // Before the hosts arrive the server's counts are all there is.
      const progress = hosts.length ? progressOf(hosts) : summaryProgress({ hosts: batch.hosts, succeeded: batch.done - batch.failed, failed: batch.failed, skipped: 0 });
      return { batch, hosts, progress };
    });
}

/**
 * The rollout with one host's streamed change applied (its steps kept: the
 * event does not carry them) and the summary counts recounted.
 */
export function withHost(rollout: TRollout, host: Omit<TRolloutHost, "steps">): TRollout {
  const i = rollout.hostList.findIndex((h) => h.serverId === host.serverId);
  if (i < 0) return rollout;
  const hostList = rollout.hostList.slice();
  hostList[i] = { ...hostList[i]!, ...host, steps: hostList[i]!.steps };
  const p = progressOf(hostList);
  return { ...rollout, hostList, succeeded: p.succeeded, failed: p.failed, skipped: p.skipped };
}

/** How long a step took, or has been running; null before it starts. */
export function stepDurationMs(step: Pick<TRolloutHostStep, "startedAt" | "endedAt">, now: number): number | null {
  if (!step.startedAt) return null;
  const end = step.endedAt ? Date.parse(step.endedAt) : now;
  return Math.max(0, end - Date.parse(step.startedAt));
}
