// AES-256-GCM for secrets at rest (SSH credentials, webhook signing secrets).
// Layout: version byte (1) | 12-byte IV | 16-byte tag | ciphertext. The key is
// derived from TANDEM_SECRET with HKDF, so the env var can be any long string.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = 1;

export type SecretBox = { seal(plaintext: string): Buffer; open(sealed: Uint8Array): string };

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

export function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "tandem", "tandem secret box v1", 32));
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new SecretBoxError("key must be 32 bytes");
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ct]);
    },
    open(sealed) {
      const buf = Buffer.from(sealed);
      if (buf.length < 29 || buf[0] !== VERSION) throw new SecretBoxError("not a Tandem sealed secret");
      const decipher = createDecipheriv("aes-256-gcm", key, buf.subarray(1, 13));
      decipher.setAuthTag(buf.subarray(13, 29));
      try {
        return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]).toString("utf8");
      } catch (e) {
        throw new SecretBoxError("secret cannot be decrypted: TANDEM_SECRET differs from the one it was sealed with", { cause: e });
      }
    },
  };
}
