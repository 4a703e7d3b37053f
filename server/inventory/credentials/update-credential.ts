// Renames, a new login name, or a replaced secret. Servers using the credential
// pick up the change on their next connection.
import type { Db } from "../../db/client";
import type { SecretBox } from "../../crypto/secret-box";
import { AppError, notFound } from "../../errors/app-error";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { isUniqueViolation } from "../db-errors";
import { credentialSecretFrom, openCredential, sealCredential } from "./credential-secret";
import { credentialInclude, toCredentialDto } from "./credential-dto";
import { assertCredentialNameFree, credentialNameTaken } from "./credential-name-conflict";
import type { TCredential, TUpdateCredentialRequest } from "./credentials.types";

export async function updateCredential(db: Db, box: SecretBox, actor: Actor, id: string, input: TUpdateCredentialRequest): Promise<TCredential> {
  // The kind of a new secret is the requested one, else the stored one (read outside
  // the transaction so the key's KDF does not run while holding it).
  let sealed: ReturnType<typeof credentialSecretFrom> | undefined;
  if (input.secret !== undefined) {
    const current = await db.credential.findUnique({ where: { id }, select: { kind: true } });
    if (!current) throw notFound("Credential");
    sealed = credentialSecretFrom(input.kind ?? current.kind, input.secret, input.passphrase);
  }
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.credential.findUnique({ where: { id } });
      if (!before) throw notFound("Credential");
      if (sealed && input.kind === undefined && sealed.kind !== before.kind) {
        throw new AppError("CONFLICT", "The credential's kind changed meanwhile; reload and try again");
      }
      if (input.name !== undefined && input.name !== before.name) await assertCredentialNameFree(tx, input.name, id);
      const c = await tx.credential.update({
        where: { id },
        data: {
          name: input.name,
          username: input.username,
          kind: sealed?.kind,
          secretCiphertext: sealed ? sealCredential(box, sealed) : undefined,
        },
        include: credentialInclude,
      });

      const changes: Record<string, unknown> = {};
      if (input.name !== undefined && input.name !== before.name) changes.renamed = { from: before.name, to: input.name };
      if (input.username !== undefined && input.username !== before.username) changes.username = { from: before.username, to: input.username };
      if (sealed && sealed.kind !== before.kind) changes.kind = { from: before.kind, to: sealed.kind };
      if (sealed) {
        changes.secretReplaced = true;
        if (sealed.kind === "PRIVATE_KEY") changes.fingerprint = { from: previousFingerprint(box, before.secretCiphertext), to: sealed.fingerprint };
      }
      await recordAuditEvent(tx, actor, { action: "credential.update", targetType: "credential", targetId: id, details: { name: c.name, ...changes } as object });
      return toCredentialDto(box, c);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw credentialNameTaken(input.name ?? "", undefined, e);
    throw e;
  }
}

function previousFingerprint(box: SecretBox, sealed: Uint8Array): string | null {
  try {
    const s = openCredential(box, sealed);
    return s.kind === "PRIVATE_KEY" ? s.fingerprint : null;
  } catch {
    return null;
  }
}
