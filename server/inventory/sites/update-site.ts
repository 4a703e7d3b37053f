import type { Db } from "../../db/client";
import { notFound } from "../../errors/app-error";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { isUniqueViolation } from "../db-errors";
import { assertSiteNameFree, siteNameTaken } from "./site-name-conflict";
import { siteInclude, toSiteDto, type TSite, type TUpdateSiteRequest } from "./sites.types";

export async function updateSite(db: Db, actor: Actor, id: string, input: TUpdateSiteRequest): Promise<TSite> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.site.findUnique({ where: { id } });
      if (!before) throw notFound("Site");
      if (input.name !== undefined && input.name !== before.name) await assertSiteNameFree(tx, input.name, id);
      const site = await tx.site.update({ where: { id }, data: { name: input.name, description: input.description }, include: siteInclude });

      const changes: Record<string, unknown> = {};
      if (input.name !== undefined && input.name !== before.name) changes.renamed = { from: before.name, to: input.name };
      if (input.description !== undefined && input.description !== before.description) changes.description = { from: before.description, to: input.description };
      await recordAuditEvent(tx, actor, { action: "site.update", targetType: "site", targetId: id, details: { name: site.name, ...changes } as object });
      return toSiteDto(site);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw siteNameTaken(input.name ?? "", input.name, e);
    throw e;
  }
}
