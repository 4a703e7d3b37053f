// A device a group's fencing levels name is not deleted: that group's failover
// would silently lose a level it was configured to rely on.
import type { Db } from "../../db/client";
import type { Actor } from "../../auth/principal";
import { AppError, notFound } from "../../errors/app-error";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { groupsNamingDevices } from "./fence-device-dto";

export async function deleteFenceDevice(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ name: string; kind: string }[]>`SELECT name, kind::text AS kind FROM "FenceDevice" WHERE id = ${id}::uuid FOR UPDATE`;
    const device = locked[0];
    if (!device) throw notFound("Fence device");
    const groups = (await groupsNamingDevices(tx)).get(id) ?? [];
    if (groups.length > 0) {
      const list = groups.map((g) => g.name).join(", ");
      throw new AppError("CONFLICT", `Fence device ${device.name} is a fencing level of ${groups.length === 1 ? "group" : "groups"} ${list}; remove it from their fencing levels first`);
    }
    await tx.fenceDevice.delete({ where: { id } });
    await recordAuditEvent(tx, actor, { action: "fence-device.delete", targetType: "fence-device", targetId: id, details: { name: device.name, kind: device.kind } });
  });
}
