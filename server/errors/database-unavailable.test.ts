import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./database-unavailable";
import { problemFromError } from "../http/problem";

describe("isDatabaseUnavailable", () => {
  it("knows Prisma's unreachable and closed-connection errors, and PostgreSQL's shutdown codes", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: "P1001" }))).toBe(true);
    expect(isDatabaseUnavailable({ code: "P2010", meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } } })).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: new Error("Connection terminated unexpectedly") }))).toBe(true);
  });

  it("leaves real bugs and constraint errors alone", () => {
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe("problemFromError", () => {
  it("answers 503 UNAVAILABLE, not 500, while the database is away", () => {
    const p = problemFromError(Object.assign(new Error("Can't reach database server"), { code: "P1001" }), "r1", undefined);
    expect(p).toMatchObject({ status: 503, code: "UNAVAILABLE" });
    expect(problemFromError(new Error("boom"), "r2", undefined)).toMatchObject({ status: 500, code: "INTERNAL" });
  });
});
