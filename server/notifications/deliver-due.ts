// The worker's step: claim the deliveries that are due, attempt each once, and
// record the outcome (sent, retry later, or failed for good).
//
// Claiming pushes nextAttemptAt forward by a lease inside one UPDATE over
// `FOR UPDATE SKIP LOCKED` rows, so two Tandem processes never send the same
// row at once, no transaction is held open during the HTTP call, and a row
// whose sender died is retried when its lease runs out (at-least-once).
// A row waits while an earlier delivery of the same alert to the same channel
// is still pending, so a receiver sees "fired" before "resolved" even when the
// fire needed retries.
import type { Db } from "../db/client";
import type { Logger } from "../lib/logger";
import { attemptDelivery, type AttemptChannel, type AttemptDeps } from "./attempt-delivery";
import { countDeliveryFailure } from "../metrics/process-metrics";
import { retryDelayMs, type RetryPolicy } from "./retry-policy";

const BATCH = 20;

export type DeliverDeps = AttemptDeps & { db: Db; log: Logger; retry: RetryPolicy };

/** Long enough for the attempt and writing its outcome; a row still leased after this is presumed orphaned. */
export const leaseMs = (retry: RetryPolicy) => retry.timeoutMs * 2 + 10_000;

/** Attempts every due delivery once; returns how many it claimed. */
export async function deliverDue(deps: DeliverDeps): Promise<number> {
  const now = deps.clock();
  const leaseUntil = new Date(now.getTime() + leaseMs(deps.retry));
  const claimed = await deps.db.$queryRaw<{ id: string }[]>`
    UPDATE "AlertDelivery" SET "nextAttemptAt" = ${leaseUntil}
    WHERE id IN (
      SELECT d.id FROM "AlertDelivery" d
      WHERE d.state = 'PENDING' AND d."nextAttemptAt" <= ${now}
        AND NOT EXISTS (
          SELECT 1 FROM "AlertDelivery" e
          WHERE e."channelId" = d."channelId" AND e."alertId" = d."alertId" AND e.state = 'PENDING'
            AND (e."createdAt", e.id) < (d."createdAt", d.id))
      ORDER BY d."createdAt", d.id
      LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  if (claimed.length === 0) return 0;
  const rows = await deps.db.alertDelivery.findMany({
    where: { id: { in: claimed.map((c) => c.id) } },
    include: { channel: { select: { name: true, kind: true, config: true, secretCiphertext: true } } },
  });
  // One bad row (or receiver) must not stop the others.
  await Promise.all(rows.map((row) => deliverOne(deps, row).catch((e: unknown) => deps.log.error("notification delivery failed unexpectedly", { deliveryId: row.id, err: e instanceof Error ? e : String(e) }))));
  return claimed.length;
}

type ClaimedRow = { id: string; alertId: string | null; event: string; payload: unknown; attempts: number; channelId: string; channel: AttemptChannel };

async function deliverOne(deps: DeliverDeps, row: ClaimedRow): Promise<void> {
  const outcome = await attemptDelivery(deps, row);
  const attempts = row.attempts + 1;
  const now = deps.clock();
  const where = { id: row.id, state: "PENDING" as const };
  if (outcome.ok) {
    // lastError is kept: the log then shows what the earlier attempts ran into.
    await deps.db.alertDelivery.updateMany({ where, data: { state: "SENT", attempts, sentAt: now, lastStatus: outcome.status } });
    return;
  }
  if (outcome.permanent || attempts >= deps.retry.maxAttempts) {
    countDeliveryFailure(true);
    await deps.db.alertDelivery.updateMany({ where, data: { state: "FAILED", attempts, lastStatus: outcome.status, lastError: outcome.error } });
    deps.log.error("notification delivery failed", { deliveryId: row.id, channel: row.channel.name, event: row.event, alertId: row.alertId, attempts, status: outcome.status, error: outcome.error });
    return;
  }
  countDeliveryFailure(false);
  const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attempts, deps.retry));
  await deps.db.alertDelivery.updateMany({ where, data: { attempts, lastStatus: outcome.status, lastError: outcome.error, nextAttemptAt } });
  deps.log.warn("notification delivery will be retried", { deliveryId: row.id, channel: row.channel.name, attempts, status: outcome.status, error: outcome.error, nextAttemptAt: nextAttemptAt.toISOString() });
}
