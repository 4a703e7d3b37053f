import { describe, expect, it } from "vitest";
import { ZPlanStep, ZCreateOperationRequest } from "./operation.types";

describe("ZPlanStep", () => {
  it("accepts a step with a rollback and defaults params", () => {
    const s = ZPlanStep.parse({ action: "drain", serverId: "0192f1e0-0000-7000-8000-000000000001", timeoutMs: 5000, rollback: { action: "enable" } });
    expect(s.params).toEqual({});
    expect(s.rollback).toEqual({ action: "enable", params: {} });
  });
  it("refuses timeouts outside 100 ms .. 1 h and odd action names", () => {
    expect(ZPlanStep.safeParse({ action: "drain", params: {}, timeoutMs: 99 }).success).toBe(false);
    expect(ZPlanStep.safeParse({ action: "drain", params: {}, timeoutMs: 3_600_001 }).success).toBe(false);
    expect(ZPlanStep.safeParse({ action: "drain", params: {}, timeoutMs: 1.5 }).success).toBe(false);
    expect(ZPlanStep.safeParse({ action: "rm -rf /", params: {}, timeoutMs: 1000 }).success).toBe(false);
  });
});

describe("ZCreateOperationRequest", () => {
  it("needs at least one step", () => {
    expect(ZCreateOperationRequest.safeParse({ kind: "DRILL", plan: { steps: [] } }).success).toBe(false);
    const r = ZCreateOperationRequest.parse({ kind: "DRILL", plan: { steps: [{ action: "noop", timeoutMs: 100 }] } });
    expect(r.groupId).toBeNull();
    expect(r.reason).toBe("");
  });
});
