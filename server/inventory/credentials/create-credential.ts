import type { Db } from "../../db/client";
import type { SecretBox } from "../../crypto/secret-box";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { isUniqueViolation } from "../db-errors";
import { credentialSecretFrom, sealCredential } from "./credential-secret";
import { credentialInclude, toCredentialDto } from "./credential-dto";
import { assertCredentialNameFree, credentialNameTaken } from "./credential-name-conflict";
import type { TCreateCredentialRequest, TCredential } from "./credentials.types";

export async function createCredential(db: Db, box: SecretBox, actor: Actor, input: TCreateCredentialRequest): Promise<TCredential> {
  // Checked before the transaction: parsing an encrypted key runs its KDF (a few hundred ms).
  const secret = credentialSecretFrom(input.kind, input.secret, input.passphrase);
  try {
    return await db.$transaction(async (tx) => {
      await assertCredentialNameFree(tx, input.name);
      const c = await tx.credential.create({
        data: { name: input.name, username: input.username, kind: input.kind, secretCiphertext: sealCredential(box, secret) },
        include: credentialInclude,
      });
      await recordAuditEvent(tx, actor, {
        action: "credential.create",
        targetType: "credential",
        targetId: c.id,
        details: { name: c.name, username: c.username, kind: c.kind, ...(secret.kind === "PRIVATE_KEY" ? { fingerprint: secret.fingerprint } : {}) },
      });
      return toCredentialDto(box, c);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw credentialNameTaken(input.name, input.name, e);
    throw e;
  }
}
