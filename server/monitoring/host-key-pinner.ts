// First-sight host key pins, written in batches. A poller that meets a server
// with no pinned key waits here until the key is stored (with its audit record)
// before it polls: a server is never reported UP on a key nobody recorded.
// Thousands of servers added at once cost a few statements on one connection,
// never a transaction each (5,000 of those starved the pool and failed).
import type { Db } from "../db/client";
import type { Logger } from "../lib/logger";
import { systemActor } from "../auth/principal";

export type HostKeyPinner = {
  /** Resolves once this key is the server's stored pin; rejects if another key was pinned meanwhile or the server is gone. */
  pin(serverId: string, fingerprint: string, algorithm: string | null): Promise<void>;
  /** Writes what is pending once more, then stops retrying. */
  stop(): Promise<void>;
  readonly pending: number;
};

export class PinConflictError extends Error {}

type Waiter = { resolve(): void; reject(e: Error): void };
type Pending = { fingerprint: string; algorithm: string | null; waiters: Waiter[] };

export type PinnerOptions = {
  /** How long pins gather before a write (more arrive together at a bulk add). */
  gatherMs?: number;
  batchMax?: number;
  /** Back-off after a failed write: from this, doubling, to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
};

export function createHostKeyPinner(db: Db, log: Logger, o: PinnerOptions = {}): HostKeyPinner {
  const gatherMs = o.gatherMs ?? 20;
  const batchMax = o.batchMax ?? 500;
  const queue = new Map<string, Pending>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let failures = 0;
  let stopped = false;

  const schedule = (ms: number) => {
    if (stopped || timer || running) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = drain().finally(() => {
        running = null;
        if (queue.size) schedule(failures ? Math.min((o.retryMs ?? 250) * 2 ** (failures - 1), o.maxRetryMs ?? 5000) : 0);
      });
    }, ms);
  };

  /** Writes batches until the queue is empty or a write fails (then the timer retries). */
  async function drain(): Promise<void> {
    while (queue.size) {
      const batch = [...queue].slice(0, batchMax);
      let outcome: Map<string, Error | null>;
      try {
        outcome = await write(batch);
        failures = 0;
      } catch (e) {
        failures++;
        // One line per failed batch, not one per server.
        log.warn("could not store host key pins yet; retrying", { servers: queue.size, attempt: failures, err: (e as Error).message });
        return;
      }
      for (const [id, p] of batch) {
        queue.delete(id);
        const err = outcome.get(id) ?? null;
        for (const w of p.waiters) (err ? w.reject(err) : w.resolve());
      }
    }
  }

  async function write(batch: [string, Pending][]): Promise<Map<string, Error | null>> {
    const ids = batch.map(([id]) => id);
    const fps = batch.map(([, p]) => p.fingerprint);
    const algs = batch.map(([, p]) => p.algorithm);
    return db.$transaction(
      async (tx) => {
        // Only where nobody pinned a key meanwhile (an admin, or another Tandem node).
        const pinned = await tx.$queryRaw<{ id: string }[]>`
          UPDATE "Server" s SET "hostKeyFingerprint" = v.fp, "hostKeyAlgorithm" = v.alg, "updatedAt" = now()
            FROM unnest(${ids}::uuid[], ${fps}::text[], ${algs}::text[]) AS v(id, fp, alg)
           WHERE s.id = v.id AND s."hostKeyFingerprint" IS NULL
          RETURNING s.id`;
        const done = new Set(pinned.map((r) => r.id));
        if (done.size) {
          await tx.auditEvent.createMany({
            data: batch
              .filter(([id]) => done.has(id))
              .map(([id, p]) => ({
                actorUserId: null,
                actorLabel: systemActor.label,
                action: "server.host_key_pinned",
                targetType: "server",
                targetId: id,
                details: { fingerprint: p.fingerprint, algorithm: p.algorithm, how: "first sight" },
              })),
          });
        }
        const out = new Map<string, Error | null>();
        const rest = ids.filter((id) => !done.has(id));
        const current = rest.length ? await tx.server.findMany({ where: { id: { in: rest } }, select: { id: true, hostKeyFingerprint: true } }) : [];
        const now = new Map(current.map((r) => [r.id, r.hostKeyFingerprint]));
        for (const [id, p] of batch) {
          if (done.has(id)) out.set(id, null);
          else if (!now.has(id)) out.set(id, new PinConflictError("the server was removed"));
          else if (now.get(id) === p.fingerprint) out.set(id, null);
          else out.set(id, new PinConflictError(`another host key (${now.get(id)}) was pinned meanwhile; refusing ${p.fingerprint}`));
        }
        return out;
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
  }

  return {
    pin(serverId, fingerprint, algorithm) {
      if (stopped) return Promise.reject(new Error("Tandem is stopping"));
      return new Promise<void>((resolve, reject) => {
        const p = queue.get(serverId);
        if (!p) queue.set(serverId, { fingerprint, algorithm, waiters: [{ resolve, reject }] });
        else if (p.fingerprint === fingerprint) p.waiters.push({ resolve, reject });
        // Two keys for one server before either is stored: first sight wins, as it would once stored.
        else return reject(new PinConflictError(`host key ${fingerprint} differs from ${p.fingerprint}, seen first and being pinned`));
        schedule(gatherMs);
      });
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
      if (queue.size) await drain().catch(() => undefined);
      for (const p of queue.values()) for (const w of p.waiters) w.reject(new Error("Tandem is stopping"));
      queue.clear();
    },
    get pending() {
      return queue.size;
    },
  };
}
