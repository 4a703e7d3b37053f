// Host keys for virtual hosts, derived from (fleet seed, host name, generation):
// a restarted demo presents the same fingerprints, so Tandem's pins still hold.
// These keys are not secret (anyone with the seed can derive them); they only
// guard a simulator on loopback.
//
// Cost, measured here: ssh2's generateKeyPairSync 190 µs, importing a seed as
// PKCS#8 DER 360 µs (OpenSSL 3's decoder), importing it as a JWK 40 µs. So a
// seed goes in as a JWK, the OpenSSH key text is assembled by hand, and ssh2
// parses it (about 30 µs) only when the host sees its first connection.
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";
import ssh2, { type ParsedKey } from "ssh2";

export type SimHostKey = {
  fingerprint: string;
  /** The public key in SSH wire format. */
  publicBlob: Buffer;
  /** The key as ssh2's Server takes it (parsed on first use). */
  parsed(): ParsedKey;
};

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

function sshString(b: Buffer | string): Buffer {
  const body = typeof b === "string" ? Buffer.from(b) : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

export function fingerprintOf(publicBlob: Buffer): string {
  return "SHA256:" + createHash("sha256").update(publicBlob).digest("base64").replace(/=+$/, "");
}

function privateKeyFromSeed(seed: Buffer): KeyObject {
  try {
    // Node derives the public half from d; x must be present but is not checked.
    return createPrivateKey({ key: { kty: "OKP", crv: "Ed25519", d: seed.toString("base64url"), x: "" }, format: "jwk" });
  } catch {
    return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
  }
}

/** The "openssh-key-v1" text of an unencrypted ed25519 key. */
function openSshPrivateKey(seed: Buffer, pub: Buffer, publicBlob: Buffer, comment: string): string {
  const check = u32(seed.readUInt32BE(0));
  let priv = Buffer.concat([check, check, sshString("ssh-ed25519"), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(comment)]);
  const pad = (8 - (priv.length % 8)) % 8;
  priv = Buffer.concat([priv, Buffer.from([1, 2, 3, 4, 5, 6, 7].slice(0, pad))]);
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    u32(1),
    sshString(publicBlob),
    sshString(priv),
  ]);
  const b64 = body.toString("base64").replace(/.{70}/g, "$&\n");
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

export function deriveHostKey(seed: number, name: string, generation = 0): SimHostKey {
  const secret = createHash("sha256").update(`tandem-sim-hostkey\0${seed}\0${name}\0${generation}`).digest();
  const keyObject = privateKeyFromSeed(secret);
  const x = createPublicKey(keyObject).export({ format: "jwk" }).x!;
  const pub = Buffer.from(x, "base64url");
  const publicBlob = Buffer.concat([sshString("ssh-ed25519"), sshString(pub)]);
  let parsed: ParsedKey | undefined;
  return {
    fingerprint: fingerprintOf(publicBlob),
    publicBlob,
    parsed() {
      if (!parsed) {
        const p = ssh2.utils.parseKey(openSshPrivateKey(secret, pub, publicBlob, name));
        if (p instanceof Error) throw p;
        parsed = Array.isArray(p) ? p[0]! : p;
        // ssh2 signs with the PEM text, which OpenSSL re-parses on every
        // handshake; sign with the KeyObject we already hold instead.
        (parsed as { sign: (data: Buffer) => Buffer }).sign = (data: Buffer) => sign(null, data, keyObject);
      }
      return parsed!;
    },
  };
}
