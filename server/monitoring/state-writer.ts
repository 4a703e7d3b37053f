// Persists host state changes in batches: the latest transition per server,
// one UPDATE every tick. A network blip that takes 10,000 servers UNREACHABLE
// at once is one statement, not 10,000 queued on the pool.
import type { Db } from "../db/client";
import type { Logger } from "../lib/logger";
import type { THostState } from "../health/health.types";

export type StateChange = { serverId: string; to: THostState; at: Date; reason: string | null };

export type StateWriter = {
  record(t: StateChange): void;
  /** Writes what is pending now (the loop calls it; stop and tests too). */
  flush(): Promise<void>;
  readonly pending: number;
};

const CHUNK = 1000;

export function createStateWriter(db: Db, log: Logger): StateWriter {
  let pending = new Map<string, StateChange>();
  let writing: Promise<void> = Promise.resolve();

  async function write(batch: StateChange[]): Promise<void> {
    for (let i = 0; i < batch.length; i += CHUNK) {
      const part = batch.slice(i, i + CHUNK);
      await db.$executeRaw`
        UPDATE "Server" s SET state = v.state::"HostState", "stateSince" = v.at, "stateReason" = v.reason
          FROM unnest(${part.map((c) => c.serverId)}::uuid[], ${part.map((c) => c.to)}::text[], ${part.map((c) => c.at)}::timestamptz[], ${part.map((c) => c.reason)}::text[])
            AS v(id, state, at, reason)
         WHERE s.id = v.id`;
    }
  }

  const flush = () => {
    const run = writing.then(async () => {
      if (!pending.size) return;
      // In id order, as the latest-sample writer: two writers locking Server rows in one order cannot deadlock.
      const batch = [...pending.values()].sort((a, b) => (a.serverId < b.serverId ? -1 : a.serverId > b.serverId ? 1 : 0));
      pending = new Map();
      try {
        await write(batch);
      } catch (e) {
        // Put them back unless a newer change for the same server arrived meanwhile.
        for (const c of batch) if (!pending.has(c.serverId)) pending.set(c.serverId, c);
        log.error("could not persist state changes; will retry", { servers: batch.length, err: e as Error });
      }
    });
    writing = run;
    return run;
  };

  return {
    record(t) {
      pending.set(t.serverId, t);
    },
    flush,
    get pending() {
      return pending.size;
    },
  };
}
