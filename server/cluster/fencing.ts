// The fencing token of the lease-plus-token rule: every write the leader makes
// for an operation runs in a transaction that first reads the leader row FOR
// SHARE and checks that its epoch is still the one this process was elected
// with. A takeover updates that row (a row lock the check waits for), so a
// deposed leader's late write either committed before the takeover or is
// refused after it, never in between.
import type { Tx } from "../db/client";
import { AppError } from "../errors/app-error";

/** What a write carries: the epoch this process holds, or null when it holds none (deposed). */
export type LeaderFence = { epoch(): number | null };

export class FencedOut extends AppError {
  constructor(mine: number | null, current: number | null) {
    super("UNAVAILABLE", `This Tandem node is no longer the leader (epoch ${mine ?? "none"}, the cluster is at ${current ?? "none"}); the write was refused`, { retryAfter: 2 });
  }
}

export function isFencedOut(e: unknown): e is FencedOut {
  return e instanceof FencedOut;
}

/** Throws FencedOut unless `fence` still holds the leader epoch; call it first inside the write's transaction. */
export async function checkFence(tx: Tx, fence: LeaderFence | undefined): Promise<number | null> {
  if (!fence) return null; // a single engine in a test, outside any cluster
  const mine = fence.epoch();
  const rows = await tx.$queryRaw<{ epoch: number }[]>`SELECT epoch FROM "ClusterLeader" WHERE id = 1 FOR SHARE`;
  const current = rows[0]?.epoch ?? null;
  if (mine === null || current !== mine) throw new FencedOut(mine, current);
  return mine;
}
