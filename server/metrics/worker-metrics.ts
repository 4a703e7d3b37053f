// A polling worker (TANDEM_WORKERS) has no web server, so nobody can scrape it:
// the main process asks each worker for its registry over the fork's IPC channel
// on every scrape and serves the workers' series beside its own (each labelled
// with its `process`). A worker that does not answer in time is left out of that
// scrape rather than holding it up.
import type { ChildProcess } from "node:child_process";
import { processMetrics, type MetricsJson } from "./process-metrics";

const ASK = "tandem:metrics?";
const ANSWER = "tandem:metrics";
type Ask = { type: typeof ASK; id: number };
type Answer = { type: typeof ANSWER; id: number; metrics: MetricsJson };

/** In a worker: answer the main process's requests with this process's registry. */
export function answerMetricsRequests(proc: NodeJS.Process = process): void {
  if (!proc.send) return;
  proc.on("message", (m: Ask) => {
    if (m?.type !== ASK) return;
    void processMetrics()
      .registry.getMetricsAsJSON()
      .then((metrics) => proc.send?.({ type: ANSWER, id: m.id, metrics } satisfies Answer))
      .catch(() => undefined);
  });
  // Listening must not keep a worker alive on its own.
  proc.channel?.unref();
}

let nextId = 0;

/** In the main process: every worker's registry that answers within `timeoutMs`. */
export async function askWorkers(children: ChildProcess[], timeoutMs = 1000): Promise<MetricsJson[]> {
  const answers = await Promise.all(
    children.map(
      (child) =>
        new Promise<MetricsJson | null>((resolve) => {
          if (!child.connected) return resolve(null);
          const id = ++nextId;
          const done = (value: MetricsJson | null) => {
            clearTimeout(timer);
            child.off("message", onMessage);
            resolve(value);
          };
          const onMessage = (m: Answer) => {
            if (m?.type === ANSWER && m.id === id) done(m.metrics);
          };
          const timer = setTimeout(() => done(null), timeoutMs);
          child.on("message", onMessage);
          try {
            child.send({ type: ASK, id } satisfies Ask, (err) => err && done(null));
          } catch {
            done(null);
          }
        }),
    ),
  );
  return answers.filter((a): a is MetricsJson => a !== null);
}
