import { describe, expect, it } from "vitest";
import { FINGERPRINT_PATTERN, SERVER_NAME_PATTERN, TAG_PATTERN, isHostname, isValidAddress } from "./server-rules";

describe("server rules", () => {
  it("accepts host names and IP literals as addresses, nothing else", () => {
    for (const ok of ["web1", "web-1.example.com", "example.com.", "10.0.0.1", "::1", "2001:db8::42", "xn--bcher-kva.example"]) expect(isValidAddress(ok), ok).toBe(true);
    for (const bad of ["", "-web", "web-", "under_score.example", "10.0.0.256", "1.2.3", "[::1]", "web 1", "a..b", "a".repeat(64), `${"a".repeat(60)}.`.repeat(5), "http://web1"]) {
      expect(isValidAddress(bad), bad).toBe(false);
    }
    expect(isHostname("1.2.3")).toBe(false);
  });

  it("names servers with letters, digits, dots, dashes and underscores, 63 at most", () => {
    expect(SERVER_NAME_PATTERN.test("db-01.fra1_x")).toBe(true);
    expect(SERVER_NAME_PATTERN.test("a".repeat(63))).toBe(true);
    expect(SERVER_NAME_PATTERN.test("a".repeat(64))).toBe(false);
    expect(SERVER_NAME_PATTERN.test("-db")).toBe(false);
    expect(SERVER_NAME_PATTERN.test("db 1")).toBe(false);
  });

  it("keeps tags lower case", () => {
    expect(TAG_PATTERN.test("role:db")).toBe(true);
    expect(TAG_PATTERN.test("Role")).toBe(false);
    expect(TAG_PATTERN.test(":db")).toBe(false);
  });

  it("recognises OpenSSH SHA-256 fingerprints", () => {
    expect(FINGERPRINT_PATTERN.test("SHA256:LZSIdd3TpCq4b9bNGck6GKhWvZbor6GB9g9C+FQPld4")).toBe(true);
    expect(FINGERPRINT_PATTERN.test("SHA256:LZSIdd3TpCq4b9bNGck6GKhWvZbor6GB9g9C+FQPld4=")).toBe(false);
    expect(FINGERPRINT_PATTERN.test("MD5:aa:bb")).toBe(false);
  });
});
