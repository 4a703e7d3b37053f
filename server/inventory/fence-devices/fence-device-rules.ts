// Checks a device must pass as it will be stored (after a create's template
// filling or a patch's merge): a free name, servers that exist, a fencing
// server that is not one of its own targets, and an environment that matches
// its template. All reported as field errors at once.
import type { Tx } from "../../db/client";
import { AppError, type FieldError } from "../../errors/app-error";
import { templateVarProblems, type TFenceDeviceKind } from "../../fencing/fence-templates";
import { nameTaken, sameNameWhere } from "../name-conflict";
import type { TFenceTargetInput } from "./fence-devices.types";

export async function assertFenceDeviceNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.fenceDevice.findFirst({ where: sameNameWhere(name, exceptId), select: { name: true } });
  if (clash) throw fenceDeviceNameTaken(name, clash.name);
}

export function fenceDeviceNameTaken(name: string, existing = name, cause?: unknown): AppError {
  return nameTaken("fence device", name, existing, cause);
}

export type DeviceShape = {
  kind: TFenceDeviceKind;
  fencingServerId: string;
  actionCommand: string;
  targets: TFenceTargetInput[];
  envNames: string[];
  secretNames: string[];
};

/** Returns server names by id, for audit details. `targetsGiven` says whether the body carried targets (else errors name the stored ones). */
export async function checkFenceDevice(tx: Tx, d: DeviceShape, targetsGiven: boolean): Promise<Map<string, string>> {
  const ids = [d.fencingServerId, ...d.targets.map((t) => t.serverId)];
  const servers = await tx.server.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const names = new Map(servers.map((s) => [s.id, s.name]));
  const errors: FieldError[] = [];
  if (!names.has(d.fencingServerId)) errors.push({ path: "body.fencingServerId", message: "no such server" });
  d.targets.forEach((t, i) => {
    const path = targetsGiven ? `body.targets.${i}.serverId` : "body.fencingServerId";
    if (!names.has(t.serverId)) errors.push({ path, message: "no such server" });
    else if (t.serverId === d.fencingServerId) {
      errors.push({ path, message: targetsGiven ? "is the fencing server: a device cannot fence the host its commands run on" : `is a target of this device (${names.get(t.serverId)}): a device cannot fence the host its commands run on` });
    }
  });
  errors.push(...templateVarProblems(d.kind, d));
  if (errors.length > 0) throw new AppError("VALIDATION", `Invalid ${errors[0]!.path}: ${errors[0]!.message}`, { fields: errors });
  return names;
}
