import type { Db } from "../../db/client";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { isUniqueViolation } from "../db-errors";
import { assertSiteNameFree, siteNameTaken } from "./site-name-conflict";
import { siteInclude, toSiteDto, type TCreateSiteRequest, type TSite } from "./sites.types";

export async function createSite(db: Db, actor: Actor, input: TCreateSiteRequest): Promise<TSite> {
  try {
    return await db.$transaction(async (tx) => {
      await assertSiteNameFree(tx, input.name);
      const site = await tx.site.create({ data: { name: input.name, description: input.description ?? "" }, include: siteInclude });
      await recordAuditEvent(tx, actor, { action: "site.create", targetType: "site", targetId: site.id, details: { name: site.name } });
      return toSiteDto(site);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw siteNameTaken(input.name, input.name, e);
    throw e;
  }
}
