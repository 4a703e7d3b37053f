// Whether a group's redundancy is restored without anyone asking: only for a
// group with `afterMinutes` set and a provision hook, that has been AT_RISK or
// BROKEN that long, not because of planned work, with nothing else running on
// it and no restore in the last `afterMinutes` (a failing hook is not retried
// in a loop).
export type AutoRestoreView = {
  afterMinutes: number | null;
  hasProvision: boolean;
  state: "OK" | "AT_RISK" | "BROKEN";
  /** Since when the group has been seen short without a break (null: not seen short yet). */
  shortSince: Date | null;
  /** Why a member is out for planned work (a maintenance window, drained), if one is. */
  plannedWork: string | null;
  liveOperation: boolean;
  lastRestoreAt: Date | null;
};

export type AutoRestoreVerdict = { start: boolean; why: string };

const minutes = (ms: number) => Math.floor(ms / 60_000);

export function autoRestoreVerdict(v: AutoRestoreView, now: Date): AutoRestoreVerdict {
  if (v.afterMinutes === null) return { start: false, why: "restored on request only" };
  if (!v.hasProvision) return { start: false, why: "no provision hook" };
  if (v.state === "OK") return { start: false, why: "OK" };
  if (v.plannedWork) return { start: false, why: `planned work, not a loss: ${v.plannedWork}` };
  const short = v.shortSince ? now.getTime() - v.shortSince.getTime() : 0;
  if (short < v.afterMinutes * 60_000) return { start: false, why: `${v.state} for ${minutes(short)} of ${v.afterMinutes} min` };
  if (v.liveOperation) return { start: false, why: "an operation is running on it" };
  const since = v.lastRestoreAt ? now.getTime() - v.lastRestoreAt.getTime() : Infinity;
  if (since < v.afterMinutes * 60_000) return { start: false, why: `a restore started ${minutes(since)} min ago (at most one per ${v.afterMinutes} min)` };
  return { start: true, why: `${v.state} for ${minutes(short)} min (restore after ${v.afterMinutes})` };
}
