// Checks that the site and credential a server names exist, and the server name
// is free, inside the writing transaction.
import type { Tx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { nameTaken, sameNameWhere } from "../name-conflict";

export async function resolveSite(tx: Tx, siteId: string | null | undefined): Promise<{ id: string; name: string } | null | undefined> {
  if (siteId === undefined || siteId === null) return siteId;
  const site = await tx.site.findUnique({ where: { id: siteId }, select: { id: true, name: true } });
  if (!site) throw new AppError("VALIDATION", "No site has this id", { fields: [{ path: "body.siteId", message: "is not an existing site" }] });
  return site;
}

export async function resolveCredential(tx: Tx, credentialId: string | null | undefined): Promise<{ id: string; name: string } | null | undefined> {
  if (credentialId === undefined || credentialId === null) return credentialId;
  const c = await tx.credential.findUnique({ where: { id: credentialId }, select: { id: true, name: true } });
  if (!c) throw new AppError("VALIDATION", "No credential has this id", { fields: [{ path: "body.credentialId", message: "is not an existing credential" }] });
  return c;
}

/** Server names are unique regardless of case, like the host names they usually are. */
export async function assertServerNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.server.findFirst({ where: sameNameWhere(name, exceptId), select: { name: true } });
  if (clash) throw serverNameTaken(name, clash.name);
}

export function serverNameTaken(name: string, existing = name, cause?: unknown): AppError {
  return nameTaken("server", name, existing, cause);
}

/** A site or credential deleted between our check and the insert (the delete holds a row lock; see delete-site.ts). */
export function referenceVanished(cause: unknown): AppError {
  return new AppError("CONFLICT", "The site or credential was deleted meanwhile; reload and try again", { cause });
}
