import { createHash } from "node:crypto";
import ssh2 from "ssh2";

/** "SHA256:<base64, no padding>", as `ssh-keygen -lf` prints it. */
export function fingerprintOf(rawKey: Buffer): string {
  return "SHA256:" + createHash("sha256").update(rawKey).digest("base64").replace(/=+$/, "");
}

export const ZFingerprintPattern = /^SHA256:[A-Za-z0-9+/]{43}$/;

export function keyAlgorithm(rawKey: Buffer): string | null {
  const parsed = ssh2.utils.parseKey(rawKey);
  return parsed instanceof Error ? null : (Array.isArray(parsed) ? parsed[0]?.type : parsed.type) ?? null;
}
