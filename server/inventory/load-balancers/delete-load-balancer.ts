// A balancer a group uses is not deleted: the schema would set the group's
// balancer to null and its failovers would silently stop moving traffic.
import type { Db } from "../../db/client";
import type { Actor } from "../../auth/principal";
import { AppError, notFound } from "../../errors/app-error";
import { recordAuditEvent } from "../../audit/record-audit-event";

export async function deleteLoadBalancer(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    // Locked so a group that starts using it meanwhile either waits and fails its foreign key, or is counted here.
    const locked = await tx.$queryRaw<{ name: string; kind: string }[]>`SELECT name, kind::text AS kind FROM "LoadBalancer" WHERE id = ${id}::uuid FOR UPDATE`;
    const lb = locked[0];
    if (!lb) throw notFound("Load balancer");
    const groups = await tx.redundancyGroup.findMany({ where: { loadBalancerId: id }, select: { name: true }, orderBy: { name: "asc" } });
    if (groups.length > 0) {
      throw new AppError("CONFLICT", `Load balancer ${lb.name} is used by ${groups.length === 1 ? "group" : "groups"} ${groups.map((g) => g.name).join(", ")}; give them another balancer (or none) first`);
    }
    await tx.loadBalancer.delete({ where: { id } });
    await recordAuditEvent(tx, actor, { action: "load-balancer.delete", targetType: "load-balancer", targetId: id, details: { name: lb.name, kind: lb.kind } });
  });
}
