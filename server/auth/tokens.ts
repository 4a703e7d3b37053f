import { createHash, randomBytes } from "node:crypto";

export const SESSION_COOKIE = "tandem_session";
export const API_TOKEN_PREFIX = "tdm_";

/** 256 random bits, URL-safe. */
export function newSecretToken(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Tokens are high-entropy, so a plain SHA-256 is the right stored form (no slow hash needed). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
