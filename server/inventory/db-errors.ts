// Prisma error codes the inventory maps to conflicts and validation errors.

/** A unique constraint refused the write (P2002). */
export function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === "P2002";
}

/** A foreign key refused the write (P2003): the referenced row vanished meanwhile. */
export function isForeignKeyViolation(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === "P2003";
}
