import { describe, expect, it } from "vitest";
import { batchesOf, progressOf, stepDurationMs, summaryProgress, withHost } from "./progress";
import type { TRollout, TRolloutHost } from "./types";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function host(n: number, batch: number, state: TRolloutHost["state"]): TRolloutHost {
  return {
    serverId: id(n),
    name: `web-${n}`,
    batch,
    state,
    phase: null,
    switchover: false,
    rebooted: false,
    updatesBefore: 3,
    kernelBefore: null,
    kernelAfter: null,
    error: null,
    startedAt: null,
    endedAt: null,
    steps: [{ phase: "patch", state: "SUCCEEDED", startedAt: null, endedAt: null, output: "ok" }],
  };
}

function rollout(hosts: TRolloutHost[]): Pick<TRollout, "batchList" | "hostList"> & TRollout {
  return {
    hostList: hosts,
    batchList: [
      { index: 0, state: "SUCCEEDED", hosts: 1, done: 1, failed: 0 },
      { index: 1, state: "RUNNING", hosts: 2, done: 0, failed: 0 },
    ],
    succeeded: 0,
    failed: 0,
    skipped: 0,
    hosts: hosts.length,
  } as unknown as TRollout;
}

describe("progressOf", () => {
  it("counts ended hosts as done", () => {
    const p = progressOf([{ state: "SUCCEEDED" }, { state: "FAILED" }, { state: "SKIPPED" }, { state: "RUNNING" }, { state: "PENDING" }]);
    expect(p).toEqual({ done: 3, total: 5, succeeded: 1, failed: 1, skipped: 1, running: 1, pct: 60 });
  });

  it("is 0% of nothing", () => {
    expect(progressOf([]).pct).toBe(0);
    expect(summaryProgress({ hosts: 0, succeeded: 0, failed: 0, skipped: 0 }).pct).toBe(0);
  });
});

describe("batchesOf", () => {
  it("groups hosts by batch and counts each batch", () => {
    const views = batchesOf(rollout([host(1, 0, "SUCCEEDED"), host(2, 1, "RUNNING"), host(3, 1, "SUCCEEDED")]));
    expect(views.map((v) => [v.batch.index, v.hosts.map((h) => h.name), v.progress.done, v.progress.total])).toEqual([
      [0, ["web-1"], 1, 1],
      [1, ["web-2", "web-3"], 1, 2],
    ]);
  });

  it("falls back to the server's counts for a batch without hosts", () => {
    const views = batchesOf({ ...rollout([]), batchList: [{ index: 0, state: "RUNNING", hosts: 4, done: 3, failed: 1 }] });
    expect(views[0]!.progress).toMatchObject({ done: 3, total: 4, failed: 1, pct: 75 });
  });
});

describe("withHost", () => {
  it("applies a streamed host change, keeps its steps and recounts", () => {
    const r = rollout([host(1, 0, "SUCCEEDED"), host(2, 1, "RUNNING")]);
    const { steps: _steps, ...change } = { ...host(2, 1, "FAILED"), error: "gate failed" };
    const next = withHost(r, change);
    expect(next.hostList[1]).toMatchObject({ state: "FAILED", error: "gate failed", steps: r.hostList[1]!.steps });
    expect([next.succeeded, next.failed]).toEqual([1, 1]);
    expect(r.hostList[1]!.state).toBe("RUNNING");
  });

  it("ignores a host the rollout does not have", () => {
    const r = rollout([host(1, 0, "SUCCEEDED")]);
    const { steps: _steps, ...other } = host(9, 0, "FAILED");
    expect(withHost(r, other)).toBe(r);
  });
});

describe("stepDurationMs", () => {
  it("measures to the end, or to now while running", () => {
    expect(stepDurationMs({ startedAt: null, endedAt: null }, 0)).toBeNull();
    expect(stepDurationMs({ startedAt: "2026-01-01T00:00:00.000Z", endedAt: "2026-01-01T00:00:02.500Z" }, 0)).toBe(2500);
    expect(stepDurationMs({ startedAt: "2026-01-01T00:00:00.000Z", endedAt: null }, Date.parse("2026-01-01T00:01:00Z"))).toBe(60_000);
  });
});
