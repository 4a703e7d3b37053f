// A site in use is not deleted: the schema would set its servers' site to null,
// silently dropping the location that disaster-recovery reasoning relies on.
import type { Db } from "../../db/client";
import { AppError, notFound } from "../../errors/app-error";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";

export async function deleteSite(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    // The row lock makes a concurrent "assign a server to this site" wait for us
    // (its foreign-key check then fails) or, if it came first, be counted below.
    const locked = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM "Site" WHERE id = ${id}::uuid FOR UPDATE`;
    const site = locked[0];
    if (!site) throw notFound("Site");
    const servers = await tx.server.findMany({ where: { siteId: id }, select: { name: true }, orderBy: { name: "asc" }, take: 5 });
    if (servers.length > 0) {
      const count = await tx.server.count({ where: { siteId: id } });
      const names = servers.map((s) => s.name).join(", ") + (count > servers.length ? `, …` : "");
      throw new AppError("CONFLICT", `Site ${site.name} is used by ${count} ${count === 1 ? "server" : "servers"} (${names}); move or delete them first`);
    }
    await tx.site.delete({ where: { id } });
    await recordAuditEvent(tx, actor, { action: "site.delete", targetType: "site", targetId: id, details: { name: site.name } });
  });
}
