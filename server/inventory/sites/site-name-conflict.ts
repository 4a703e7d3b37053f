import type { Tx } from "../../db/client";
import type { AppError } from "../../errors/app-error";
import { nameTaken, sameNameWhere } from "../name-conflict";

/**
 * Site names are unique regardless of case ("FRA1" beside "fra1" is a typo, not
 * a second datacenter). The database's unique index is the backstop for races.
 */
export async function assertSiteNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.site.findFirst({ where: sameNameWhere(name, exceptId), select: { name: true } });
  if (clash) throw siteNameTaken(name, clash.name);
}

export function siteNameTaken(name: string, existing = name, cause?: unknown): AppError {
  return nameTaken("site", name, existing, cause);
}
