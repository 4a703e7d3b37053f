import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrors, validationError } from "./zod-issues";

const ZBody = z.strictObject({
  reason: z.string().min(1, "is required"),
  scope: z.strictObject({ tags: z.array(z.string()) }).optional(),
  members: z.array(z.strictObject({ serverId: z.string() })).optional(),
});

const errorOf = (input: unknown) => {
  const r = ZBody.safeParse(input);
  if (r.success) throw new Error("expected a validation failure");
  return r.error;
};

describe("zod issues as field errors", () => {
  it("reports each unknown key at its own path, at any depth", () => {
    const e = errorOf({ reason: "x", ticket: "T-1", note: "n", scope: { tags: [], foo: 1 }, members: [{ serverId: "a" }, { serverId: "b", prio: 2 }] });
    expect(fieldErrors(e, "body")).toEqual(
      expect.arrayContaining([
        { path: "body.ticket", message: "is not a known field" },
        { path: "body.note", message: "is not a known field" },
        { path: "body.scope.foo", message: "is not a known field" },
        { path: "body.members.1.prio", message: "is not a known field" },
      ]),
    );
    expect(fieldErrors(e, "body")).toHaveLength(4);
  });

  it("names the unknown fields in the detail, beside the first other problem", () => {
    const one = validationError(errorOf({ reason: "x", ticket: "T-1" }), "body");
    expect(one.code).toBe("VALIDATION");
    expect(one.message).toBe("body.ticket is not a known field");
    expect(one.fields).toEqual([{ path: "body.ticket", message: "is not a known field" }]);

    const mixed = validationError(errorOf({ reason: "", ticket: "T-1", scope: { tags: [], foo: 1 } }), "body");
    expect(mixed.message).toBe("Invalid body.reason: is required; body.scope.foo, body.ticket are not known fields");
    expect(mixed.fields).toContainEqual({ path: "body.reason", message: "is required" });
  });

  it("keeps other issues as they were", () => {
    const e = validationError(errorOf({ reason: "" }), "payload");
    expect(e.message).toBe("Invalid payload.reason: is required");
    expect(e.fields).toEqual([{ path: "payload.reason", message: "is required" }]);
  });
});
