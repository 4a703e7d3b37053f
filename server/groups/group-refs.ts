// Checks shared by create and update: a free name, servers and load balancer
// that exist, and the membership rules, all reported as field errors at once.
import type { TFencingLevel } from "../fencing/fencing-levels";
import type { Tx } from "../db/client";
import { AppError, type FieldError } from "../errors/app-error";
import { memberRuleErrors } from "./group-rules";
import type { TGroupMemberInput, TGroupRestore } from "./groups.types";

/** Group names are unique regardless of case; the unique index is the backstop for races. */
export async function assertGroupNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.redundancyGroup.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  if (clash) throw groupNameTaken(name, clash.name);
}

export function groupNameTaken(name: string, existing = name, cause?: unknown): AppError {
  return new AppError("CONFLICT", `A group named ${existing} already exists`, {
    fields: [{ path: "body.name", message: existing === name ? "is already taken" : `is already taken (as ${existing})` }],
    cause,
  });
}

/** Returns the member servers' names by id, for audit details. */
export async function checkGroupInput(
  tx: Tx,
  input: { mode: "ACTIVE_PASSIVE" | "ACTIVE_ACTIVE"; minHealthy: number; members: TGroupMemberInput[]; loadBalancerId: string | null; fencingLevels?: TFencingLevel[]; restore?: TGroupRestore },
): Promise<Map<string, string>> {
  const errors: FieldError[] = memberRuleErrors(input.mode, input.minHealthy, input.members);
  const servers = await tx.server.findMany({ where: { id: { in: input.members.map((m) => m.serverId) } }, select: { id: true, name: true } });
  const names = new Map(servers.map((s) => [s.id, s.name]));
  input.members.forEach((m, i) => {
    if (!names.has(m.serverId)) errors.push({ path: `body.members.${i}.serverId`, message: "no such server" });
  });
  if (input.loadBalancerId && !(await tx.loadBalancer.findUnique({ where: { id: input.loadBalancerId }, select: { id: true } }))) {
    errors.push({ path: "body.loadBalancerId", message: "no such load balancer" });
  }
  const named = (input.fencingLevels ?? []).flatMap((l, i) => (l.kind === "device" && l.deviceId ? [{ i, id: l.deviceId }] : []));
  if (named.length) {
    const found = new Set((await tx.fenceDevice.findMany({ where: { id: { in: named.map((n) => n.id) } }, select: { id: true } })).map((d) => d.id));
    for (const n of named) if (!found.has(n.id)) errors.push({ path: `body.fencingLevels.${n.i}.deviceId`, message: "no such fence device" });
  }
  const provisionOn = input.restore?.provision?.serverId;
  if (provisionOn && !(await tx.server.findUnique({ where: { id: provisionOn }, select: { id: true } }))) {
    errors.push({ path: "body.restore.provision.serverId", message: "no such server" });
  }
  if (errors.length > 0) throw new AppError("VALIDATION", `Invalid ${errors[0]!.path}: ${errors[0]!.message}`, { fields: errors });
  return names;
}

export function memberAudit(members: TGroupMemberInput[], names: Map<string, string>) {
  return members.map((m) => ({ server: names.get(m.serverId) ?? m.serverId, serverId: m.serverId, role: m.role, priority: m.priority, lbBackendServer: m.lbBackendServer }));
}
