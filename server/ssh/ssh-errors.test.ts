// Failures classified for an operator: what is the server's, what is Tandem's own machine's.
import { describe, expect, it } from "vitest";
import { classifySshError } from "./ssh-errors";

const errno = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:22`), { code });

describe("classifySshError", () => {
  it("names the server's failures by kind", () => {
    expect(classifySshError(errno("ECONNREFUSED"), "db-a")).toMatchObject({ kind: "refused", host: "db-a" });
    expect(classifySshError(errno("EHOSTUNREACH"), "db-a")).toMatchObject({ kind: "unreachable" });
    expect(classifySshError(errno("ECONNRESET"), "db-a")).toMatchObject({ kind: "closed" });
  });

  it("tells Tandem's own shortages apart, saying which and what to do", () => {
    for (const code of ["EMFILE", "ENFILE", "ENOBUFS", "ENOMEM", "EADDRNOTAVAIL"]) {
      const e = classifySshError(errno(code), "db-a");
      expect(e.kind).toBe("local");
      expect(e.message).toContain(`Tandem could not open a connection: ${code}`);
    }
    expect(classifySshError(errno("EMFILE"), "db-a").message).toMatch(/raise its open-file limit/);
  });
});
