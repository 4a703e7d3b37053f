import type { Tx } from "../../db/client";
import type { AppError } from "../../errors/app-error";
import { nameTaken, sameNameWhere } from "../name-conflict";

/** Credential names are unique regardless of case; the unique index backs this up under races. */
export async function assertCredentialNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.credential.findFirst({ where: sameNameWhere(name, exceptId), select: { name: true } });
  if (clash) throw credentialNameTaken(name, clash.name);
}

export function credentialNameTaken(name: string, existing = name, cause?: unknown): AppError {
  return nameTaken("credential", name, existing, cause);
}
