// Deleting a server drops its samples and rollups with it (they cascade). A
// member of a redundancy group is refused: removing it would silently shrink
// the group's redundancy. So is a server that fence devices or COMMAND
// balancers run their commands on: they would be left with nowhere to run
// (the schema restricts those deletes; this says why instead of a 500).
import type { Db } from "../../db/client";
import { AppError, notFound } from "../../errors/app-error";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { isForeignKeyViolation } from "../db-errors";

export async function deleteServer(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const server = await tx.server.findUnique({
      where: { id },
      select: {
        name: true,
        address: true,
        port: true,
        memberships: { select: { group: { select: { name: true } } }, take: 5 },
        fenceDevicesRun: { select: { name: true }, orderBy: { name: "asc" } },
        loadBalancersRun: { select: { name: true }, orderBy: { name: "asc" } },
      },
    });
    if (!server) throw notFound("Server");
    if (server.memberships.length > 0) {
      const groups = server.memberships.map((m) => m.group.name).join(", ");
      throw new AppError("CONFLICT", `Server ${server.name} is a member of ${groups}; remove it from the group first`);
    }
    const runs = [
      ...(server.fenceDevicesRun.length ? [`the fencing server of fence ${plural(server.fenceDevicesRun.length, "device")} ${names(server.fenceDevicesRun)}`] : []),
      ...(server.loadBalancersRun.length ? [`the host of load ${plural(server.loadBalancersRun.length, "balancer")} ${names(server.loadBalancersRun)}`] : []),
    ];
    if (runs.length > 0) {
      throw new AppError("CONFLICT", `Server ${server.name} is ${runs.join(" and ")}; move them to another server or delete them first`);
    }
    try {
      await tx.server.delete({ where: { id } });
    } catch (e) {
      // A device or balancer placed on it after the check above.
      if (isForeignKeyViolation(e)) throw new AppError("CONFLICT", `Server ${server.name} is now used by a fence device or load balancer; reload and try again`, { cause: e });
      throw e;
    }
    await recordAuditEvent(tx, actor, { action: "server.delete", targetType: "server", targetId: id, details: { name: server.name, address: server.address, port: server.port } });
  });
}

const plural = (n: number, noun: string) => (n === 1 ? noun : `${noun}s`);
const names = (rows: { name: string }[]) => rows.map((r) => r.name).join(", ");
