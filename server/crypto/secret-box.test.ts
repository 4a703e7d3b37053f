import { describe, expect, it } from "vitest";
import { createSecretBox, deriveKey, SecretBoxError } from "./secret-box";

const box = createSecretBox(deriveKey("a-long-test-secret-of-more-than-32-chars"));

describe("secret box", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = box.seal("-----BEGIN OPENSSH PRIVATE KEY-----\nabc");
    expect(sealed.includes(Buffer.from("OPENSSH"))).toBe(false);
    expect(box.open(sealed)).toBe("-----BEGIN OPENSSH PRIVATE KEY-----\nabc");
  });

  it("uses a fresh IV each time", () => {
    expect(box.seal("same").equals(box.seal("same"))).toBe(false);
  });

  it("refuses tampered data and a different key", () => {
    const sealed = box.seal("secret");
    sealed[sealed.length - 1]! ^= 1;
    expect(() => box.open(sealed)).toThrow(SecretBoxError);
    const other = createSecretBox(deriveKey("another-long-secret-of-more-than-32-chars"));
    expect(() => other.open(box.seal("secret"))).toThrow(/TANDEM_SECRET differs/);
  });
});
