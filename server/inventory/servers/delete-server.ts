// Deleting a server drops its samples and rollups with it (they cascade). A
// member of a redundancy group is refused: removing it would silently shrink
// the group's redundancy.
import type { Db } from "../../db/client";
import { AppError, notFound } from "../../errors/app-error";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";

export async function deleteServer(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const server = await tx.server.findUnique({
      where: { id },
      select: { name: true, address: true, port: true, memberships: { select: { group: { select: { name: true } } }, take: 5 } },
    });
    if (!server) throw notFound("Server");
    if (server.memberships.length > 0) {
      const groups = server.memberships.map((m) => m.group.name).join(", ");
      throw new AppError("CONFLICT", `Server ${server.name} is a member of ${groups}; remove it from the group first`);
    }
    await tx.server.delete({ where: { id } });
    await recordAuditEvent(tx, actor, { action: "server.delete", targetType: "server", targetId: id, details: { name: server.name, address: server.address, port: server.port } });
  });
}
