// The signing shortcut for publickey authentication: the same signatures as
// ssh2's own (a PEM parsed for every signature), from a key object parsed once.
import { generateKeyPairSync } from "node:crypto";
import ssh2, { type ParsedKey } from "ssh2";
import { describe, expect, it } from "vitest";
import { signingWithKeyObject } from "./connection";

const parse = (pem: string) => {
  const k = ssh2.utils.parseKey(pem);
  if (k instanceof Error || Array.isArray(k)) throw new Error("unparseable test key");
  return k;
};
// RSA and ECDSA keys as PEM made by Node: ssh2 keeps a PEM as it is. (From its own OpenSSH-format
// keys it rebuilds the PEM, and now and then an RSA key's rebuilt CRT values make OpenSSL's blinded
// signatures differ from run to run, ssh2's own path included; not what these tests are about.)
const pair = (type: "ed25519" | "rsa" | "ecdsa", opts: { bits?: number } = {}) =>
  type === "ed25519"
    ? ssh2.utils.generateKeyPairSync("ed25519").private
    : type === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: opts.bits ?? 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey
      : generateKeyPairSync("ec", { namedCurve: { 256: "prime256v1", 384: "secp384r1", 521: "secp521r1" }[opts.bits ?? 256]!, privateKeyEncoding: { type: "sec1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
const data = Buffer.from("session id and userauth request to sign");

describe("publickey signatures from a parsed key object", () => {
  it("signs exactly as ssh2 does where signatures are deterministic (Ed25519, RSA with each hash)", () => {
    for (const [pem, algos] of [
      [pair("ed25519"), [undefined]],
      [pair("rsa", { bits: 2048 }), ["sha256", "sha512", "sha1"]],
    ] as const) {
      const ours = signingWithKeyObject(parse(pem));
      const theirs = parse(pem);
      for (const algo of algos) expect(ours.sign(data, algo).equals(theirs.sign(data, algo))).toBe(true);
    }
  });

  it("makes ECDSA signatures the key's public half verifies", () => {
    for (const bits of [256, 384, 521]) {
      const key: ParsedKey = signingWithKeyObject(parse(pair("ecdsa", { bits })));
      const hash = bits === 256 ? "sha256" : bits === 384 ? "sha384" : "sha512";
      const sig = key.sign(data, hash);
      expect(key.verify(data, sig, hash)).toBe(true);
      expect(key.verify(Buffer.from("something else"), sig, hash)).toBe(false);
    }
  });

  it("returns the error, as ssh2 does, when a hash is refused", () => {
    const key = signingWithKeyObject(parse(pair("rsa", { bits: 2048 })));
    expect(key.sign(data, "no-such-hash")).toBeInstanceOf(Error);
  });
});
