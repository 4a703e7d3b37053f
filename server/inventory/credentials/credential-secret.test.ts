import { generateKeyPairSync } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ssh2 from "ssh2";
import { describe, expect, it } from "vitest";
import { isAppError, type AppError } from "../../errors/app-error";
import { createSecretBox, deriveKey } from "../../crypto/secret-box";
import { credentialSecretFrom, fingerprintOf, openCredential, readPrivateKey, sealCredential } from "./credential-secret";
import { ed25519KeyPair } from "../../../test/ssh-keys";

function fieldOf(fn: () => unknown): { path: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return (e as AppError).fields![0]!;
    throw e;
  }
  throw new Error("expected a validation error");
}

const encrypted = ed25519KeyPair({ passphrase: "open sesame", cipher: "aes256-ctr", rounds: 2 });
const plain = ed25519KeyPair();

describe("readPrivateKey", () => {
  it("reads an OpenSSH key and computes the fingerprint ssh-keygen prints", () => {
    const k = readPrivateKey(plain.private, undefined);
    expect(k.keyType).toBe("ssh-ed25519");
    expect(k.publicKey).toBe(plain.public.split(" ").slice(0, 2).join(" "));
    expect(k.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(k.passphrase).toBeUndefined();

    const dir = mkdtempSync(path.join(tmpdir(), "tandem-key-"));
    try {
      const file = path.join(dir, "k.pub");
      writeFileSync(file, plain.public + "\n");
      const out = execFileSync("ssh-keygen", ["-l", "-f", file], { encoding: "utf8" });
      expect(out.split(" ")[1]).toBe(k.fingerprint);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e; // no ssh-keygen here: the format check above stands
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("normalises pasted keys: CRLF and a missing final newline", () => {
    const k = readPrivateKey(plain.private.trim().replace(/\n/g, "\r\n"), undefined);
    expect(k.privateKey).toBe(plain.private.trim() + "\n");
  });

  it("opens an encrypted key with its passphrase and keeps the passphrase", () => {
    const k = readPrivateKey(encrypted.private, "open sesame");
    expect(k.passphrase).toBe("open sesame");
    const pub = ssh2.utils.parseKey(encrypted.public);
    if (pub instanceof Error || Array.isArray(pub)) throw new Error("public key did not parse");
    expect(k.fingerprint).toBe(fingerprintOf(pub.getPublicSSH()));
  });

  it("reads PEM keys (PKCS#1 RSA, encrypted; SEC1 EC)", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem", cipher: "aes-256-cbc", passphrase: "pp" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    expect(readPrivateKey(rsa.privateKey, "pp").keyType).toBe("ssh-rsa");
    expect(fieldOf(() => readPrivateKey(rsa.privateKey, "wrong")).path).toBe("body.passphrase");
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding: { type: "sec1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    expect(readPrivateKey(ec.privateKey, undefined).keyType).toBe("ecdsa-sha2-nistp256");
  });

  it("names the passphrase when it is missing, wrong or not needed", () => {
    expect(fieldOf(() => readPrivateKey(encrypted.private, undefined))).toEqual({ path: "body.passphrase", message: "is required: the key is encrypted" });
    expect(fieldOf(() => readPrivateKey(encrypted.private, "nope"))).toEqual({ path: "body.passphrase", message: "does not open this key" });
    expect(fieldOf(() => readPrivateKey(plain.private, "unneeded"))).toEqual({ path: "body.passphrase", message: "is not needed: this key is not encrypted" });
  });

  it("names the secret when it is not a private key", () => {
    expect(fieldOf(() => readPrivateKey("hello", undefined)).path).toBe("body.secret");
    expect(fieldOf(() => readPrivateKey(plain.public, undefined))).toEqual({ path: "body.secret", message: "is a public key; paste the private key" });
  });
});

describe("sealed credentials", () => {
  const box = createSecretBox(deriveKey("unit-test-secret-unit-test-secret"));

  it("round-trips a key with its passphrase, and a password; the ciphertext holds neither", () => {
    const key = credentialSecretFrom("PRIVATE_KEY", encrypted.private, "open sesame");
    const sealed = sealCredential(box, key);
    const raw = Buffer.from(sealed).toString("latin1");
    expect(raw).not.toContain("OPENSSH");
    expect(raw).not.toContain("open sesame");
    expect(openCredential(box, sealed)).toEqual(key);

    const pw = credentialSecretFrom("PASSWORD", "hunter2 hunter2", undefined);
    expect(openCredential(box, sealCredential(box, pw))).toEqual({ v: 1, kind: "PASSWORD", password: "hunter2 hunter2" });
  });

  it("refuses a passphrase on a password and an over-long password", () => {
    expect(fieldOf(() => credentialSecretFrom("PASSWORD", "pw", "x")).path).toBe("body.passphrase");
    expect(fieldOf(() => credentialSecretFrom("PASSWORD", "x".repeat(1025), undefined)).path).toBe("body.secret");
  });

  it("cannot be opened under another TANDEM_SECRET", () => {
    const other = createSecretBox(deriveKey("another-secret-another-secret-xx"));
    expect(() => openCredential(other, sealCredential(box, credentialSecretFrom("PASSWORD", "pw", undefined)))).toThrow(/TANDEM_SECRET/);
  });
});
