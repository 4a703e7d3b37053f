import type { Db } from "../db/client";
import type { Principal } from "../auth/principal";
import { toApiTokenDto, type TApiToken } from "./api-tokens.types";

/** Admins see every token; everyone else their own. */
export async function listApiTokens(db: Db, principal: Principal): Promise<TApiToken[]> {
  const rows = await db.apiToken.findMany({
    where: principal.role === "ADMIN" ? {} : { userId: principal.userId },
    include: { user: { select: { id: true, email: true } } },
    orderBy: { createdAt: "desc" },
  });
  return rows.map(toApiTokenDto);
}
