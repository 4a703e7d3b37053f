// How often and how long a webhook delivery is retried.
export type RetryPolicy = { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; timeoutMs: number };

/** 6 attempts over about a minute: 2, 4, 8, 16, 32 s apart. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 2_000, maxDelayMs: 300_000, timeoutMs: 5_000 };

/** Delay before the next attempt after `attempts` failed ones: exponential, capped, ±10% jitter so a receiver that comes back is not hit by every channel at once. */
export function retryDelayMs(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.9 + 0.2 * random()));
}
