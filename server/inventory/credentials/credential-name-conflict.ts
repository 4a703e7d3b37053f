import type { Tx } from "../../db/client";
import { AppError } from "../../errors/app-error";

/** Credential names are unique regardless of case; the unique index backs this up under races. */
export async function assertCredentialNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.credential.findFirst({ where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { name: true } });
  if (clash) throw credentialNameTaken(name, clash.name);
}

export function credentialNameTaken(name: string, existing = name, cause?: unknown): AppError {
  return new AppError("CONFLICT", `A credential named ${existing} already exists`, {
    fields: [{ path: "body.name", message: existing === name ? "is already taken" : `is already taken (as ${existing})` }],
    cause,
  });
}
