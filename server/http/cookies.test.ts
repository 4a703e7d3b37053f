import { describe, expect, it } from "vitest";
import { parseCookies, serializeCookie } from "./cookies";

describe("cookies", () => {
  it("parses a Cookie header, keeping the first of duplicates and skipping junk", () => {
    const c = parseCookies("a=1; tandem_session=abc%2Fdef; a=2; junk; bad=%E0%A4%A");
    expect(c.get("a")).toBe("1");
    expect(c.get("tandem_session")).toBe("abc/def");
    expect(c.has("bad")).toBe(false);
  });

  it("serialises a session cookie as httpOnly and SameSite=Lax, Secure when asked", () => {
    expect(serializeCookie("s", "v", { secure: false, maxAgeSeconds: 60 })).toBe("s=v; Path=/; SameSite=Lax; HttpOnly; Max-Age=60");
    expect(serializeCookie("s", "v", { secure: true })).toContain("; Secure");
  });
});
