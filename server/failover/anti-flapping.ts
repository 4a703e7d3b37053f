// Anti-flapping for automatic failover (DESIGN section 6): a per-group cooldown
// after an automatic failover, and a fleet-wide brake (at most N automatic
// failovers in M minutes, then wait for a person). Pure, with the clock passed
// in. Manual switchovers and failovers do not consult either: an operator's
// confirmed action overrides both.

export type Verdict = { ok: true } | { ok: false; reason: string };
export type Brake = { max: number; windowMs: number };

/** Outside the cooldown when the group's last automatic failover is at least `cooldownSeconds` old. */
export function cooldownVerdict(lastAutoFailoverAt: Date | null, cooldownSeconds: number, now: Date): Verdict {
  if (!lastAutoFailoverAt || cooldownSeconds <= 0) return { ok: true };
  const until = lastAutoFailoverAt.getTime() + cooldownSeconds * 1000;
  if (now.getTime() >= until) return { ok: true };
  const left = Math.ceil((until - now.getTime()) / 1000);
  return { ok: false, reason: `in cooldown: the last automatic failover was at ${lastAutoFailoverAt.toISOString()}; ${left}s of the ${cooldownSeconds}s cooldown remain` };
}

/** The brake allows one more while fewer than `max` automatic failovers (fleet-wide) started within the window. */
export function brakeVerdict(autoFailoverTimes: Date[], brake: Brake, now: Date): Verdict {
  const since = now.getTime() - brake.windowMs;
  const recent = autoFailoverTimes.filter((t) => t.getTime() > since && t.getTime() <= now.getTime()).length;
  if (recent < brake.max) return { ok: true };
  return {
    ok: false,
    reason: `fleet-wide brake: ${recent} automatic failovers in the last ${Math.round(brake.windowMs / 60_000)} minutes (limit ${brake.max}); waiting for a person`,
  };
}
