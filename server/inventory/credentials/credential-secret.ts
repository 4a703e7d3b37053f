// The sealed form of a credential's secret, and the checks a private key must
// pass before Tandem stores it. The key and its passphrase are sealed together,
// with the public half and its fingerprint so lists need no key parsing.
import ssh2 from "ssh2";
import { z } from "zod";
import { AppError } from "../../errors/app-error";
import type { SecretBox } from "../../crypto/secret-box";
import { fingerprintOf } from "../../ssh/fingerprint";
import { PASSWORD_SECRET_MAX_LENGTH } from "./credentials.types";

const ZSealedCredential = z.discriminatedUnion("kind", [
  z.object({
    v: z.literal(1),
    kind: z.literal("PRIVATE_KEY"),
    privateKey: z.string(),
    passphrase: z.string().optional(),
    publicKey: z.string(),
    fingerprint: z.string(),
    keyType: z.string(),
  }),
  z.object({ v: z.literal(1), kind: z.literal("PASSWORD"), password: z.string() }),
]);
export type TSealedCredential = z.infer<typeof ZSealedCredential>;

export type ReadKey = { privateKey: string; passphrase?: string; publicKey: string; fingerprint: string; keyType: string };

const badSecret = (message: string, detail: string) => new AppError("VALIDATION", detail, { fields: [{ path: "body.secret", message }] });
const badPassphrase = (message: string, detail: string) => new AppError("VALIDATION", detail, { fields: [{ path: "body.passphrase", message }] });

// Key and host-key fingerprints come from one function; re-exported for callers
// that check what readPrivateKey recorded.
export { fingerprintOf };

/**
 * Parses a private key as the SSH client will, so a key that cannot log in is
 * refused now rather than at the first poll. Pasted keys often lose their final
 * newline or gain CRLFs; both are normalised.
 */
export function readPrivateKey(text: string, passphrase: string | undefined): ReadKey {
  const key = text.replace(/\r\n?/g, "\n").trim() + "\n";
  const pass = passphrase === "" ? undefined : passphrase;
  const parsed = ssh2.utils.parseKey(key, pass);
  if (parsed instanceof Error) {
    const msg = parsed.message;
    if (/no passphrase given/i.test(msg)) throw badPassphrase("is required: the key is encrypted", "The private key is encrypted; give its passphrase");
    if (/bad passphrase|integrity check failed|decrypt/i.test(msg)) throw badPassphrase("does not open this key", "The passphrase does not open this private key");
    throw badSecret("is not a private key Tandem can read (OpenSSH or PEM format)", `The private key cannot be read: ${msg}`);
  }
  const k = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!k) throw badSecret("holds no key", "The private key text holds no key");
  if (!k.isPrivateKey()) throw badSecret("is a public key; paste the private key", "This is a public key; paste the private key instead");
  if (pass !== undefined) {
    // A passphrase on an unencrypted key protects nothing: say so rather than store it.
    const plain = ssh2.utils.parseKey(key);
    if (!(plain instanceof Error)) throw badPassphrase("is not needed: this key is not encrypted", "This private key is not encrypted; leave the passphrase empty");
  }
  const blob = k.getPublicSSH();
  return {
    privateKey: key,
    ...(pass !== undefined ? { passphrase: pass } : {}),
    publicKey: `${k.type} ${Buffer.from(blob).toString("base64")}`,
    fingerprint: fingerprintOf(blob),
    keyType: k.type,
  };
}

export function sealCredential(box: SecretBox, secret: TSealedCredential): Uint8Array<ArrayBuffer> {
  return new Uint8Array(box.seal(JSON.stringify(secret)));
}

/** Throws SecretBoxError when TANDEM_SECRET changed since the secret was sealed. */
export function openCredential(box: SecretBox, sealed: Uint8Array): TSealedCredential {
  return ZSealedCredential.parse(JSON.parse(box.open(sealed)));
}

/** The secret to seal for a create or a replacement, after checking it. */
export function credentialSecretFrom(kind: "PRIVATE_KEY" | "PASSWORD", secret: string, passphrase: string | undefined): TSealedCredential {
  if (kind === "PASSWORD") {
    if (passphrase) throw badPassphrase("is only for private keys", "A password credential has no passphrase");
    if (secret.length > PASSWORD_SECRET_MAX_LENGTH) throw badSecret(`must be at most ${PASSWORD_SECRET_MAX_LENGTH} characters for a password`, "The password is too long");
    return { v: 1, kind, password: secret };
  }
  return { v: 1, kind, ...readPrivateKey(secret, passphrase) };
}
