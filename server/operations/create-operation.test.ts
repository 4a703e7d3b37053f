import { describe, expect, it } from "vitest";
import { isGroupLockViolation } from "./create-operation";

describe("isGroupLockViolation", () => {
  it("recognises the lock index as Prisma 7 with the pg adapter reports it", () => {
    const e = { code: "P2002", meta: { driverAdapterError: { cause: { originalCode: "23505", kind: "UniqueConstraintViolation", constraint: { index: "Operation_one_active_per_group" } } } } };
    expect(isGroupLockViolation(e)).toBe(true);
  });
  it("recognises a raw Postgres unique violation on the index", () => {
    expect(isGroupLockViolation({ code: "23505", constraint: "Operation_one_active_per_group" })).toBe(true);
  });
  it("ignores other unique violations and other errors", () => {
    expect(isGroupLockViolation({ code: "P2002", meta: { target: ["operationId", "index"] } })).toBe(false);
    expect(isGroupLockViolation({ code: "P2003", meta: { constraint: "Operation_one_active_per_group" } })).toBe(false);
    expect(isGroupLockViolation(new Error("Operation_one_active_per_group"))).toBe(false);
    expect(isGroupLockViolation(null)).toBe(false);
  });
});
