import type { Tx } from "../../db/client";
import { AppError } from "../../errors/app-error";

/**
 * Site names are unique regardless of case ("FRA1" beside "fra1" is a typo, not
 * a second datacenter). The database's unique index is the backstop for races.
 */
export async function assertSiteNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.site.findFirst({ where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { name: true } });
  if (clash) throw siteNameTaken(name, clash.name);
}

export function siteNameTaken(name: string, existing = name, cause?: unknown): AppError {
  return new AppError("CONFLICT", `A site named ${existing} already exists`, {
    fields: [{ path: "body.name", message: existing === name ? "is already taken" : `is already taken (as ${existing})` }],
    cause,
  });
}
