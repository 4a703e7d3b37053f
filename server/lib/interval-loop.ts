// A loop you can stop: runs `tick` every `intervalMs`, rescheduling with what is
// left of the interval, and survives a failing tick (logged, next tick runs).
import type { Logger } from "./logger";

export type Loop = { start(): void; stop(): Promise<void> };

export function intervalLoop(name: string, intervalMs: number, tick: () => Promise<void>, log: Logger, opts: { runAtStart?: boolean } = {}): Loop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const schedule = (delay: number) => {
    timer = setTimeout(run, Math.max(0, delay));
    timer.unref();
  };
  const run = () => {
    const started = Date.now();
    running = tick()
      .catch((e: unknown) => log.error(`${name} tick failed`, { err: e instanceof Error ? e : String(e) }))
      .finally(() => {
        running = undefined;
        if (!stopped) schedule(intervalMs - (Date.now() - started));
      });
  };
  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(opts.runAtStart ? 0 : intervalMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
