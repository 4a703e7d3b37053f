// A balancer as it will be stored: a free name, and for COMMAND a host that exists.
import type { Tx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { nameTaken, sameNameWhere } from "../name-conflict";

export async function assertLoadBalancerNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.loadBalancer.findFirst({ where: sameNameWhere(name, exceptId), select: { name: true } });
  if (clash) throw loadBalancerNameTaken(name, clash.name);
}

export function loadBalancerNameTaken(name: string, existing = name, cause?: unknown): AppError {
  return nameTaken("load balancer", name, existing, cause);
}

/** The host's name, for audit details. */
export async function balancerHostName(tx: Tx, serverId: string): Promise<string> {
  const s = await tx.server.findUnique({ where: { id: serverId }, select: { name: true } });
  if (!s) throw new AppError("VALIDATION", "Invalid body.serverId: no such server", { fields: [{ path: "body.serverId", message: "no such server" }] });
  return s.name;
}
