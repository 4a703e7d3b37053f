// A credential in use is not deleted: the schema would set its servers'
// credential to null and they would silently stop being polled.
import type { Db } from "../../db/client";
import { AppError, notFound } from "../../errors/app-error";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";

export async function deleteCredential(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    // Locked so a concurrent "use this credential" either waits and then fails its
    // foreign-key check, or commits first and is counted below.
    const locked = await tx.$queryRaw<{ name: string; username: string }[]>`SELECT name, username FROM "Credential" WHERE id = ${id}::uuid FOR UPDATE`;
    const cred = locked[0];
    if (!cred) throw notFound("Credential");
    const servers = await tx.server.findMany({ where: { credentialId: id }, select: { name: true }, orderBy: { name: "asc" }, take: 5 });
    if (servers.length > 0) {
      const count = await tx.server.count({ where: { credentialId: id } });
      const names = servers.map((s) => s.name).join(", ") + (count > servers.length ? ", …" : "");
      throw new AppError("CONFLICT", `Credential ${cred.name} is used by ${count} ${count === 1 ? "server" : "servers"} (${names}); give them another credential first`);
    }
    await tx.credential.delete({ where: { id } });
    await recordAuditEvent(tx, actor, { action: "credential.delete", targetType: "credential", targetId: id, details: { name: cred.name, username: cred.username } });
  });
}
