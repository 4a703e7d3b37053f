// TANDEM_WORKERS=N on one machine: this process is the full node (web server,
// leader-eligible, the embedded database and the demo fleet when it runs them)
// and it forks N - 1 polling workers, nodes without a web server that share the
// servers' leases and relay their health. A worker that exits is started again
// (with backoff); stopping this process stops them first, so they hand their
// leases back while the database is still up.
import { fork, type ChildProcess } from "node:child_process";
import type { Logger } from "./lib/logger";
import { askWorkers } from "./metrics/worker-metrics";
import type { MetricsJson } from "./metrics/process-metrics";
import type { HealthBatch } from "./cluster/health-relay";

/** A worker's health batch to its parent, over the fork's IPC channel (V8 serialization). */
const WORKER_HEALTH = "tandem:worker-health";
type WorkerHealthMessage = { type: typeof WORKER_HEALTH; batch: HealthBatch };

/**
 * In a worker: hands a batch to the parent. Settles once the channel has taken it (written to the
 * socket, which the parent must read first when it is full), so the relay can wait for it rather
 * than queue batches in memory faster than a busy parent reads them. A closed channel settles too:
 * the worker exits with its parent.
 */
export function sendHealthToParent(batch: HealthBatch): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    const message: WorkerHealthMessage = { type: WORKER_HEALTH, batch };
    process.send(message, undefined, {}, () => resolve());
  });
}

export type Workers = {
  stop(): Promise<void>;
  readonly pids: number[];
  /** Each running worker's metrics registry (GET /metrics on this process serves them). */
  metrics(): Promise<MetricsJson[]>;
};

export function startWorkers(o: {
  count: number;
  databaseUrl: string;
  secret: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** This node's id: the workers relay their health to it over IPC rather than through the database. */
  parentNodeId: string;
  onHealth(b: HealthBatch): void;
}): Workers {
  const log = o.log.child({ component: "workers" });
  const children = new Map<number, ChildProcess>();
  let stopping = false;

  const spawn = (index: number, attempt = 0) => {
    const child = fork(process.argv[1]!, process.argv.slice(2), {
      execArgv: process.execArgv,
      // Structured clone rather than JSON: health batches are the bulk of what crosses this channel.
      serialization: "advanced",
      env: {
        ...(o.env ?? process.env),
        DATABASE_URL: o.databaseUrl,
        TANDEM_SECRET: o.secret,
        TANDEM_WORKER_INDEX: String(index),
        TANDEM_PARENT_NODE: o.parentNodeId,
        TANDEM_WORKERS: "1",
        TANDEM_DEMO: "0",
      },
      stdio: "inherit",
    });
    children.set(index, child);
    child.on("message", (m: WorkerHealthMessage) => {
      if (m?.type === WORKER_HEALTH) o.onHealth(m.batch);
    });
    const startedAt = Date.now();
    log.info(`polling worker ${index} started`, { pid: child.pid });
    child.on("exit", (code, signal) => {
      children.delete(index);
      if (stopping) return;
      // A worker that ran a while restarts at once; one that keeps dying waits longer each time, up to 30 s.
      const next = Date.now() - startedAt > 60_000 ? 0 : attempt + 1;
      const delay = Math.min(30_000, 1000 * 2 ** Math.max(0, next - 1));
      log.error(`polling worker ${index} exited (${signal ?? `code ${code}`}); starting it again in ${delay} ms`);
      setTimeout(() => {
        if (!stopping) spawn(index, next);
      }, delay).unref();
    });
  };
  for (let i = 1; i < o.count; i++) spawn(i);

  return {
    get pids() {
      return [...children.values()].map((c) => c.pid!).filter(Boolean);
    },
    metrics: () => askWorkers([...children.values()]),
    async stop() {
      stopping = true;
      await Promise.all(
        [...children.values()].map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              const kill = setTimeout(() => c.kill("SIGKILL"), 15_000);
              c.once("exit", () => {
                clearTimeout(kill);
                resolve();
              });
              c.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}
