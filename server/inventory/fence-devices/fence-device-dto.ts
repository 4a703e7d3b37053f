import type { Db, Tx } from "../../db/client";
import type { SecretBox } from "../../crypto/secret-box";
import { openFenceSecrets } from "../../fencing/run-fence-device";
import { ZFencingLevels } from "../../fencing/fencing-levels";
import type { TFenceDevice, TFenceDeviceKind } from "./fence-devices.types";

export const fenceDeviceInclude = {
  fencingServer: { select: { id: true, name: true } },
  targets: { select: { serverId: true, plug: true, server: { select: { name: true } } } },
} as const;

type FenceDeviceRow = {
  id: string;
  name: string;
  kind: TFenceDeviceKind;
  description: string;
  fencingServer: { id: string; name: string };
  actionCommand: string;
  statusCommand: string;
  offPattern: string;
  onCommand: string | null;
  env: unknown;
  secretCiphertext: Uint8Array | null;
  timeoutSeconds: number;
  targets: { serverId: string; plug: string; server: { name: string } }[];
  createdAt: Date;
  updatedAt: Date;
};

type GroupRef = { id: string; name: string };

/** The opened secrets, or null when they were sealed under another TANDEM_SECRET (or damaged). */
export function readFenceSecrets(box: SecretBox, sealed: Uint8Array | null): Record<string, string> | null {
  if (!sealed) return {};
  try {
    return openFenceSecrets(box, sealed);
  } catch {
    return null;
  }
}

export function plainEnv(env: unknown): Record<string, string> {
  if (!env || typeof env !== "object" || Array.isArray(env)) return {};
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** Groups whose fencing levels name each device, by device id. */
export async function groupsNamingDevices(db: Db | Tx): Promise<Map<string, GroupRef[]>> {
  const groups = await db.redundancyGroup.findMany({ select: { id: true, name: true, fencingLevels: true }, orderBy: { name: "asc" } });
  const byDevice = new Map<string, GroupRef[]>();
  for (const g of groups) {
    const levels = ZFencingLevels.safeParse(g.fencingLevels);
    if (!levels.success) continue;
    const ids = new Set(levels.data.flatMap((l) => (l.kind === "device" && l.deviceId ? [l.deviceId] : [])));
    for (const id of ids) byDevice.set(id, [...(byDevice.get(id) ?? []), { id: g.id, name: g.name }]);
  }
  return byDevice;
}

/** The public facts of a device: secrets by name only, opened just to list the names. */
export function toFenceDeviceDto(box: SecretBox, d: FenceDeviceRow, groups: GroupRef[]): TFenceDevice {
  const secrets = readFenceSecrets(box, d.secretCiphertext);
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    description: d.description,
    fencingServer: d.fencingServer,
    actionCommand: d.actionCommand,
    statusCommand: d.statusCommand,
    offPattern: d.offPattern,
    onCommand: d.onCommand,
    env: plainEnv(d.env),
    secretNames: Object.keys(secrets ?? {}).sort(),
    secretsReadable: secrets !== null,
    timeoutSeconds: d.timeoutSeconds,
    targets: d.targets.map((t) => ({ serverId: t.serverId, name: t.server.name, plug: t.plug })).sort((a, b) => a.name.localeCompare(b.name)),
    groups,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
