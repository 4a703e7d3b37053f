import type { Db } from "../../db/client";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { isUniqueViolation } from "../db-errors";
import { loadBalancerInclude, toLoadBalancerDto } from "./load-balancer-dto";
import { assertLoadBalancerNameFree, balancerHostName, loadBalancerNameTaken } from "./load-balancer-rules";
import type { TCreateLoadBalancerRequest, TLoadBalancer } from "./load-balancers.types";

export async function createLoadBalancer(db: Db, actor: Actor, input: TCreateLoadBalancerRequest): Promise<TLoadBalancer> {
  try {
    return await db.$transaction(async (tx) => {
      await assertLoadBalancerNameFree(tx, input.name);
      const host = input.kind === "COMMAND" && input.serverId ? await balancerHostName(tx, input.serverId) : null;
      const lb = await tx.loadBalancer.create({
        data:
          input.kind === "HAPROXY"
            ? { name: input.name, kind: "HAPROXY", address: input.address, backend: input.backend }
            : { name: input.name, kind: "COMMAND", serverId: input.serverId, backend: input.backend, config: input.commands ?? {} },
        include: loadBalancerInclude,
      });
      await recordAuditEvent(tx, actor, {
        action: "load-balancer.create",
        targetType: "load-balancer",
        targetId: lb.id,
        details: { name: lb.name, kind: lb.kind, backend: lb.backend, ...(input.kind === "HAPROXY" ? { address: input.address } : { host, commands: input.commands }) },
      });
      return toLoadBalancerDto(lb);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw loadBalancerNameTaken(input.name, input.name, e);
    throw e;
  }
}
