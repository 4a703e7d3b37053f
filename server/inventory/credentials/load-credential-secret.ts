// For the SSH poller and connection tests: a credential's login and secret,
// opened from the database. The only way a secret leaves its sealed form.
import type { Db } from "../../db/client";
import type { SecretBox } from "../../crypto/secret-box";
import { AppError, notFound } from "../../errors/app-error";
import { openCredential } from "./credential-secret";
import type { TCredentialKind } from "./credentials.types";

export type CredentialSecret = {
  username: string;
  kind: TCredentialKind;
  privateKey?: string;
  passphrase?: string;
  password?: string;
  /** Changes whenever the credential does: a cache key for parsed keys (an encrypted key's KDF costs ~0.3 s). */
  updatedAt: Date;
};

export async function loadCredentialSecret(db: Db, secretBox: SecretBox, credentialId: string): Promise<CredentialSecret> {
  const c = await db.credential.findUnique({ where: { id: credentialId }, select: { name: true, username: true, kind: true, secretCiphertext: true, updatedAt: true } });
  if (!c) throw notFound("Credential");
  let secret;
  try {
    secret = openCredential(secretBox, c.secretCiphertext);
  } catch (e) {
    throw new AppError("CONFLICT", `The secret of credential ${c.name} cannot be opened (was TANDEM_SECRET changed?); enter it again`, { cause: e });
  }
  if (secret.kind === "PASSWORD") return { username: c.username, kind: "PASSWORD", password: secret.password, updatedAt: c.updatedAt };
  return {
    username: c.username,
    kind: "PRIVATE_KEY",
    privateKey: secret.privateKey,
    ...(secret.passphrase !== undefined ? { passphrase: secret.passphrase } : {}),
    updatedAt: c.updatedAt,
  };
}
