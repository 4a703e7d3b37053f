// Periodic clean-up of expired sessions and old login attempts.
import type { Db } from "./db/client";
import type { Logger } from "./lib/logger";
import { intervalLoop, type Loop } from "./lib/interval-loop";
import { deleteExpiredSessions } from "./auth/sessions";
import { pruneLoginAttempts } from "./auth/login";

export function housekeeping(db: Db, log: Logger, opts: { loginWindowMs: number; intervalMs?: number }): Loop {
  return intervalLoop(
    "housekeeping",
    opts.intervalMs ?? 10 * 60_000,
    async () => {
      const now = new Date();
      const sessions = await deleteExpiredSessions(db, now);
      const attempts = await pruneLoginAttempts(db, new Date(now.getTime() - Math.max(opts.loginWindowMs, 86_400_000)));
      if (sessions || attempts) log.debug("housekeeping", { expiredSessions: sessions, oldLoginAttempts: attempts });
    },
    log,
    { runAtStart: true },
  );
}
