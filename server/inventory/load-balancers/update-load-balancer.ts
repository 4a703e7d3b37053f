// Edits a balancer. Changing its kind clears what the old kind used (a COMMAND
// balancer keeps no HAProxy address, an HAProxy one no host or commands), and
// the stored result must still have everything its kind needs.
import type { Db } from "../../db/client";
import type { Actor } from "../../auth/principal";
import { AppError, notFound, type FieldError } from "../../errors/app-error";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { ZCommandLbCommands } from "../../loadbalancer/command-lb";
import { isUniqueViolation } from "../db-errors";
import { loadBalancerInclude, toLoadBalancerDto } from "./load-balancer-dto";
import { assertLoadBalancerNameFree, balancerHostName, loadBalancerNameTaken } from "./load-balancer-rules";
import type { TLoadBalancer, TUpdateLoadBalancerRequest } from "./load-balancers.types";

export async function updateLoadBalancer(db: Db, actor: Actor, id: string, input: TUpdateLoadBalancerRequest): Promise<TLoadBalancer> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.loadBalancer.findUnique({ where: { id } });
      if (!before) throw notFound("Load balancer");
      if (input.name !== undefined && input.name !== before.name) await assertLoadBalancerNameFree(tx, input.name, id);
      const kind = input.kind ?? before.kind;
      const kindChanged = kind !== before.kind;
      const keep = <T>(given: T | undefined, stored: T | null) => (given !== undefined ? given : kindChanged ? null : stored);

      const errors: FieldError[] = [];
      const backend = input.backend ?? before.backend;
      if (!backend) errors.push({ path: "body.backend", message: "is required" });
      let data;
      if (kind === "HAPROXY") {
        for (const k of ["serverId", "commands"] as const) if (input[k] !== undefined) errors.push({ path: `body.${k}`, message: "is only for COMMAND balancers" });
        const address = keep(input.address, before.address);
        if (!address) errors.push({ path: "body.address", message: "is required for an HAPROXY balancer" });
        data = { address, serverId: null, config: {} };
      } else {
        if (input.address !== undefined) errors.push({ path: "body.address", message: "is only for HAPROXY balancers" });
        const serverId = keep(input.serverId, before.serverId);
        const stored = ZCommandLbCommands.safeParse(before.config);
        const commands = input.commands ?? (kindChanged || !stored.success ? null : stored.data);
        if (!serverId) errors.push({ path: "body.serverId", message: "is required for a COMMAND balancer" });
        if (!commands) errors.push({ path: "body.commands", message: "is required for a COMMAND balancer" });
        data = { address: null, serverId, config: commands ?? {} };
      }
      if (errors.length > 0) throw new AppError("VALIDATION", `Invalid ${errors[0]!.path}: ${errors[0]!.message}`, { fields: errors });
      const host = input.serverId ? await balancerHostName(tx, input.serverId) : undefined;

      const lb = await tx.loadBalancer.update({ where: { id }, data: { name: input.name, kind, backend, ...data }, include: loadBalancerInclude });
      await recordAuditEvent(tx, actor, {
        action: "load-balancer.update",
        targetType: "load-balancer",
        targetId: id,
        details: {
          name: lb.name,
          kind: lb.kind,
          ...(input.name !== undefined && input.name !== before.name ? { renamed: { from: before.name, to: input.name } } : {}),
          ...(kindChanged ? { kindChanged: { from: before.kind, to: kind } } : {}),
          changed: Object.keys(input),
          ...(host ? { host } : {}),
        },
      });
      return toLoadBalancerDto(lb);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw loadBalancerNameTaken(input.name ?? "", undefined, e);
    throw e;
  }
}
