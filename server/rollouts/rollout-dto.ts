// Rollouts as the API shows them: the ROLLOUT operation, its batches (from its
// hosts) and each host with its six steps.
import type { Db } from "../db/client";
import type { OperationStep, RolloutHost } from "../db/generated/client";
import { notFound } from "../errors/app-error";
import { phaseOfIndex, rolloutMetaOf, STEP_STRIDE } from "./rollout-meta";
import type { TRollout, TRolloutHost, TRolloutSummary } from "./rollouts.types";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRolloutHostDto(h: RolloutHost & { server: { name: string } }, steps: OperationStep[]): TRolloutHost {
  return {
    serverId: h.serverId,
    name: h.server.name,
    batch: h.batch,
    state: h.state,
    phase: (h.phase as TRolloutHost["phase"]) ?? null,
    switchover: h.switchover,
    rebooted: h.rebooted,
    updatesBefore: h.updatesBefore,
    kernelBefore: h.kernelBefore,
    kernelAfter: h.kernelAfter,
    error: h.error,
    startedAt: iso(h.startedAt),
    endedAt: iso(h.endedAt),
    steps: steps
      .filter((s) => Math.floor(s.index / STEP_STRIDE) === h.position)
      .sort((a, b) => a.index - b.index)
      .map((s) => ({ phase: phaseOfIndex(s.index), state: s.state, startedAt: iso(s.startedAt), endedAt: iso(s.endedAt), output: s.output })),
  };
}

type OpRow = { id: string; state: TRollout["state"]; reason: string; ticketRef: string | null; initiator: string; createdAt: Date; startedAt: Date | null; endedAt: Date | null; outcome: string | null; plan: unknown };
type HostCounts = { state: RolloutHost["state"]; batch: number }[];

function summary(op: OpRow, hosts: HostCounts): TRolloutSummary {
  const meta = rolloutMetaOf(op.plan);
  const count = (s: RolloutHost["state"]) => hosts.filter((h) => h.state === s).length;
  const open = hosts.filter((h) => h.state === "PENDING" || h.state === "RUNNING").map((h) => h.batch);
  const ended = !["PLANNED", "RUNNING", "PAUSED"].includes(op.state);
  return {
    id: op.id,
    state: op.state,
    reason: op.reason,
    ticketRef: op.ticketRef,
    initiator: op.initiator,
    createdAt: op.createdAt.toISOString(),
    startedAt: iso(op.startedAt),
    endedAt: iso(op.endedAt),
    outcome: op.outcome,
    hosts: hosts.length,
    succeeded: count("SUCCEEDED"),
    failed: count("FAILED"),
    skipped: count("SKIPPED"),
    batches: meta.batches,
    currentBatch: ended || !open.length ? null : Math.min(...open),
    scheduleId: meta.scheduleId,
  };
}

export async function getRollout(db: Db, id: string): Promise<TRollout> {
  const op = await db.operation.findUnique({ where: { id }, include: { steps: { orderBy: { index: "asc" } }, rolloutHosts: { include: { server: { select: { name: true } } }, orderBy: { position: "asc" } } } });
  if (!op || op.kind !== "ROLLOUT") throw notFound("Rollout");
  const meta = rolloutMetaOf(op.plan);
  const hosts = op.rolloutHosts;
  const batchList = Array.from({ length: meta.batches }, (_, index) => {
    const of = hosts.filter((h) => h.batch === index);
    const done = of.filter((h) => h.state !== "PENDING" && h.state !== "RUNNING").length;
    const failed = of.filter((h) => h.state === "FAILED").length;
    const state: TRollout["batchList"][number]["state"] = of.some((h) => h.state === "RUNNING")
      ? "RUNNING"
      : done < of.length
        ? "PENDING"
        : failed
          ? "FAILED"
          : of.every((h) => h.state === "SKIPPED")
            ? "SKIPPED"
            : "SUCCEEDED";
    return { index, state, hosts: of.length, done, failed };
  });
  return {
    ...summary(op, hosts),
    settings: meta.settings,
    batchList,
    hostList: hosts.map((h) => toRolloutHostDto(h, op.steps)),
    unschedulable: meta.unschedulable,
  };
}

export async function listRollouts(db: Db, q: { state?: TRollout["state"]; limit: number }): Promise<{ rollouts: TRolloutSummary[] }> {
  const ops = await db.operation.findMany({
    where: { kind: "ROLLOUT", ...(q.state ? { state: q.state } : {}) },
    orderBy: { createdAt: "desc" },
    take: q.limit,
    select: { id: true, state: true, reason: true, ticketRef: true, initiator: true, createdAt: true, startedAt: true, endedAt: true, outcome: true, plan: true, rolloutHosts: { select: { state: true, batch: true } } },
  });
  return { rollouts: ops.map((op) => summary(op, op.rolloutHosts)) };
}
