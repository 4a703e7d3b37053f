import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { AggregatorRegistry } from "prom-client";
import { afterAll, describe, expect, it } from "vitest";
import { countPoll, processMetrics } from "./process-metrics";
import { askWorkers } from "./worker-metrics";

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill();
});

describe("a polling worker's metrics over IPC", () => {
  it("reach the main process, kept apart by their process label", async () => {
    const child = fork(path.join(import.meta.dirname, "testdata/metrics-worker.ts"), [], { execArgv: ["--import", "tsx"], stdio: "ignore" });
    children.push(child);
    await new Promise<void>((resolve) => child.once("message", () => resolve()));
    const own = processMetrics();
    countPoll({ ok: true, at: new Date(), sample: {} as never, latencyMs: 1 });

    const workers = await askWorkers([child]);
    expect(workers).toHaveLength(1);
    const text = await AggregatorRegistry.aggregate([await own.registry.getMetricsAsJSON(), ...workers]).metrics();
    expect(text).toMatch(/^tandem_polls_total\{process="main"\} 1$/m);
    expect(text).toMatch(/^tandem_polls_total\{process="worker-1"\} 3$/m);
    expect(text).toMatch(/^tandem_poll_failures_total\{reason="timeout",process="worker-1"\} 3$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{process="worker-1"\} /m);
  });

  it("leave out a worker that does not answer in time", async () => {
    const mute = fork("-e", ["setInterval(() => {}, 1000)"], { stdio: "ignore" });
    children.push(mute);
    const t0 = Date.now();
    expect(await askWorkers([mute], 200)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
