import { describe, expect, it } from "vitest";
import { finalState } from "./final-state";

describe("finalState", () => {
  it("is ROLLED_BACK when rollbacks ran and all succeeded", () => {
    expect(finalState("failed", { ran: 2, failed: false })).toBe("ROLLED_BACK");
    expect(finalState("aborted", { ran: 1, failed: false })).toBe("ROLLED_BACK");
  });
  it("shows the cause when nothing was rolled back or a rollback failed", () => {
    expect(finalState("failed", { ran: 0, failed: false })).toBe("FAILED");
    expect(finalState("aborted", { ran: 0, failed: false })).toBe("ABORTED");
    expect(finalState("failed", { ran: 2, failed: true })).toBe("FAILED");
    expect(finalState("aborted", { ran: 1, failed: true })).toBe("ABORTED");
  });
});
