// A new fence device: commands the admin left out come from its kind's
// template, secrets are sealed before they reach the database, and the audit
// record names the secrets but never holds their values.
import type { Db } from "../../db/client";
import type { SecretBox } from "../../crypto/secret-box";
import type { Actor } from "../../auth/principal";
import { AppError } from "../../errors/app-error";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { fillFromTemplate } from "../../fencing/fence-templates";
import { sealFenceSecrets } from "../../fencing/run-fence-device";
import { isUniqueViolation } from "../db-errors";
import { fenceDeviceInclude, toFenceDeviceDto } from "./fence-device-dto";
import { assertFenceDeviceNameFree, checkFenceDevice, fenceDeviceNameTaken } from "./fence-device-rules";
import type { TCreateFenceDeviceRequest, TFenceDevice } from "./fence-devices.types";

export async function createFenceDevice(db: Db, box: SecretBox, actor: Actor, input: TCreateFenceDeviceRequest): Promise<TFenceDevice> {
  const { commands, missing } = fillFromTemplate(input.kind, input);
  if (missing.length > 0) {
    throw new AppError("VALIDATION", `A ${input.kind} device needs ${missing.join(", ")}`, { fields: missing.map((k) => ({ path: `body.${k}`, message: "is required (this kind has no template)" })) });
  }
  const env = input.env ?? {};
  const secrets = input.secrets ?? {};
  const targets = input.targets ?? [];
  try {
    return await db.$transaction(async (tx) => {
      await assertFenceDeviceNameFree(tx, input.name);
      const names = await checkFenceDevice(
        tx,
        { kind: input.kind, fencingServerId: input.fencingServerId, actionCommand: commands.actionCommand!, targets, envNames: Object.keys(env), secretNames: Object.keys(secrets) },
        true,
      );
      const d = await tx.fenceDevice.create({
        data: {
          name: input.name,
          kind: input.kind,
          description: input.description ?? "",
          fencingServerId: input.fencingServerId,
          actionCommand: commands.actionCommand!,
          statusCommand: commands.statusCommand!,
          offPattern: commands.offPattern!,
          onCommand: commands.onCommand ?? null,
          env,
          secretCiphertext: Object.keys(secrets).length > 0 ? sealFenceSecrets(box, secrets) : null,
          timeoutSeconds: input.timeoutSeconds ?? 30,
          targets: { create: targets.map((t) => ({ serverId: t.serverId, plug: t.plug })) },
        },
        include: fenceDeviceInclude,
      });
      await recordAuditEvent(tx, actor, {
        action: "fence-device.create",
        targetType: "fence-device",
        targetId: d.id,
        details: {
          name: d.name,
          kind: d.kind,
          fencingServer: names.get(d.fencingServerId) ?? d.fencingServerId,
          targets: targets.map((t) => ({ server: names.get(t.serverId) ?? t.serverId, plug: t.plug })),
          envNames: Object.keys(env).sort(),
          secretNames: Object.keys(secrets).sort(),
        },
      });
      return toFenceDeviceDto(box, d, []);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw fenceDeviceNameTaken(input.name, input.name, e);
    throw e;
  }
}
