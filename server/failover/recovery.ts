// RTO and RPO of a switchover or failover (DESIGN section 6). The start use
// case captures what only it knows (the old primary's last good answer, when it
// was confirmed DOWN, the candidate's lag) in the final set-roles step's params;
// that step, the last one, computes and records the figures on the operation
// before the engine marks it SUCCEEDED, so the engine stays generic.
import { z } from "zod";
import type { Db } from "../db/client";

export const ZRecovery = z.object({
  /** Start of the outage: the old primary's last good answer; null: the operation's start (a planned switchover, or no answer known). */
  since: z.iso.datetime().nullable(),
  /** When the old primary was confirmed DOWN (failovers); null when it was not. */
  detectedAt: z.iso.datetime().nullable(),
  /** The candidate's replication lag (seconds) at promotion, from its last sample; null when unknown. */
  lagSec: z.number().min(0).nullable(),
});
export type TRecovery = z.infer<typeof ZRecovery>;

export type RecoveryTimings = {
  /** Last good answer to confirmed DOWN. */
  detectionMs: number | null;
  /** Confirmed DOWN to the operation created. */
  decisionMs: number | null;
  /** Operation start to the new primary verified serving. */
  cutoverMs: number;
  rtoFrom: "last-good-answer" | "operation-start";
};
export type RecoveryFigures = { rtoMs: number; rpoMs: number | null; timings: RecoveryTimings };

const ms = (a: Date, b: Date) => Math.max(0, b.getTime() - a.getTime());

/** Pure: the figures from the captured facts and the operation's own times. */
export function computeRecovery(r: TRecovery, op: { createdAt: Date; startedAt: Date | null }, verifiedAt: Date): RecoveryFigures {
  const started = op.startedAt ?? op.createdAt;
  const since = r.since ? new Date(r.since) : null;
  const detected = r.detectedAt ? new Date(r.detectedAt) : null;
  return {
    rtoMs: ms(since ?? started, verifiedAt),
    rpoMs: r.lagSec === null ? null : Math.round(r.lagSec * 1000),
    timings: {
      detectionMs: since && detected ? ms(since, detected) : null,
      decisionMs: detected ? ms(detected, op.createdAt) : null,
      cutoverMs: ms(started, verifiedAt),
      rtoFrom: since ? "last-good-answer" : "operation-start",
    },
  };
}

/** Records the figures on the operation: verified = the end of its last succeeded verify step (else now). */
export async function recordRecovery(db: Db, op: { id: string; createdAt: Date; startedAt: Date | null }, r: TRecovery, now: Date): Promise<RecoveryFigures> {
  const verify = await db.operationStep.findFirst({
    where: { operationId: op.id, action: "verify", state: "SUCCEEDED" },
    orderBy: { index: "desc" },
    select: { endedAt: true },
  });
  const figures = computeRecovery(r, op, verify?.endedAt ?? now);
  await db.operation.update({ where: { id: op.id }, data: { rtoMs: figures.rtoMs, rpoMs: figures.rpoMs, timings: figures.timings } });
  return figures;
}

/** Attaches the recovery facts to the plan's set-roles step (the last one). */
export function withRecovery<P extends { steps: { action: string; params: Record<string, unknown> }[] }>(plan: P, r: TRecovery): P {
  return { ...plan, steps: plan.steps.map((s) => (s.action === "set-roles" ? { ...s, params: { ...s.params, recovery: r } } : s)) };
}
