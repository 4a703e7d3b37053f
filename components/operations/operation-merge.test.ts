import { describe, expect, it } from "vitest";
import { recoveryOf } from "./labels";
import { newerOf, withState, withStep } from "./operation-merge";
import type { TOperation, TOperationStep } from "./types";

const ID = "00000000-0000-4000-8000-000000000001";

function step(index: number, over: Partial<TOperationStep> = {}): TOperationStep {
  return { id: `00000000-0000-4000-8000-00000000010${index}`, index, action: "promote", serverId: null, state: "PENDING", timeoutMs: 1000, startedAt: null, endedAt: null, exitCode: null, output: "", ...over };
}

function op(over: Partial<TOperation> = {}): TOperation {
  return { id: ID, kind: "SWITCHOVER", state: "RUNNING", groupId: null, siteId: null, parentId: null, initiator: "ada", reason: "test", ticketRef: null, currentStep: 0, createdAt: "2026-01-01T00:00:00.000Z", startedAt: null, endedAt: null, outcome: null, rtoMs: null, rpoMs: null, timings: {}, steps: [step(0), step(1)], ...over };
}

describe("operation events", () => {
  it("replaces a step by index and keeps the others", () => {
    const next = withStep(op(), step(1, { state: "RUNNING" }));
    expect(next.steps.map((s) => s.state)).toEqual(["PENDING", "RUNNING"]);
  });

  it("adds a step the snapshot did not have, in order", () => {
    const next = withStep(op({ steps: [step(1)] }), step(0, { state: "SUCCEEDED" }));
    expect(next.steps.map((s) => s.index)).toEqual([0, 1]);
  });

  it("applies a state event without touching the steps", () => {
    const before = op();
    const next = withState(before, { operationId: ID, state: "SUCCEEDED", currentStep: 2, startedAt: before.createdAt, endedAt: before.createdAt, outcome: "done" });
    expect(next).toMatchObject({ state: "SUCCEEDED", currentStep: 2, outcome: "done" });
    expect(next.steps).toBe(before.steps);
  });
});

describe("newerOf: a copy of the operation arriving late", () => {
  it("never puts an ended operation back to running (an abort's answer landing after the streamed end)", () => {
    const ended = op({ state: "ROLLED_BACK", endedAt: "2026-01-01T00:01:00.000Z" });
    expect(newerOf(ended, op({ state: "RUNNING" }))).toBe(ended);
  });

  it("otherwise takes the new copy", () => {
    const next = op({ state: "SUCCEEDED" });
    expect(newerOf(op(), next)).toBe(next);
    expect(newerOf(undefined, next)).toBe(next);
    expect(newerOf(op({ state: "FAILED" }), next)).toBe(next);
  });
});

describe("recoveryOf", () => {
  it("reads RTO, RPO and timings as the operation records them", () => {
    expect(recoveryOf(op())).toEqual({ rtoMs: undefined, rpoMs: undefined, detectionMs: undefined, decisionMs: undefined, cutoverMs: undefined });
    const done = op({ rtoMs: 2100, rpoMs: 500, timings: { detectionMs: 1980, decisionMs: 25, cutoverMs: 90, rtoFrom: "last good answer" } });
    expect(recoveryOf(done)).toEqual({ rtoMs: 2100, rpoMs: 500, detectionMs: 1980, decisionMs: 25, cutoverMs: 90 });
  });
});
