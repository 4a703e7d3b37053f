// Edits a device. Secrets are changed by name: `secrets` sets or replaces the
// ones it names and keeps the others, `removeSecrets` drops names, so an admin
// never has to resend (or be shown) a secret to change something else.
import type { Db } from "../../db/client";
import type { SecretBox } from "../../crypto/secret-box";
import type { Actor } from "../../auth/principal";
import { AppError, notFound } from "../../errors/app-error";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { fillFromTemplate } from "../../fencing/fence-templates";
import { sealFenceSecrets } from "../../fencing/run-fence-device";
import { isUniqueViolation } from "../db-errors";
import { fenceDeviceInclude, groupsNamingDevices, plainEnv, readFenceSecrets, toFenceDeviceDto } from "./fence-device-dto";
import { assertFenceDeviceNameFree, checkFenceDevice, fenceDeviceNameTaken } from "./fence-device-rules";
import type { TFenceDevice, TUpdateFenceDeviceRequest } from "./fence-devices.types";

export async function updateFenceDevice(db: Db, box: SecretBox, actor: Actor, id: string, input: TUpdateFenceDeviceRequest): Promise<TFenceDevice> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.fenceDevice.findUnique({ where: { id }, include: { targets: { select: { serverId: true, plug: true } } } });
      if (!before) throw notFound("Fence device");
      if (input.name !== undefined && input.name !== before.name) await assertFenceDeviceNameFree(tx, input.name, id);

      const kind = input.kind ?? before.kind;
      // A new kind brings its template's commands unless the body gives its own; CUSTOM keeps the stored ones.
      const filled = kind !== before.kind ? fillFromTemplate(kind, input).commands : {};
      const actionCommand = input.actionCommand ?? filled.actionCommand ?? before.actionCommand;
      const statusCommand = input.statusCommand ?? filled.statusCommand ?? before.statusCommand;
      const offPattern = input.offPattern ?? filled.offPattern ?? before.offPattern;
      const onCommand = input.onCommand !== undefined ? input.onCommand : filled.onCommand !== undefined ? filled.onCommand : before.onCommand;
      const env = input.env ?? plainEnv(before.env);
      const targets = input.targets ?? before.targets;

      const secretsTouched = input.secrets !== undefined || input.removeSecrets !== undefined;
      const stored = readFenceSecrets(box, before.secretCiphertext);
      // Secrets sealed under another TANDEM_SECRET are lost anyway: a change starts them afresh.
      const secrets = { ...(stored ?? {}) };
      if (stored) {
        const unknown = (input.removeSecrets ?? []).filter((n) => !(n in stored));
        if (unknown.length) throw new AppError("VALIDATION", `No secret named ${unknown.join(", ")} is set`, { fields: [{ path: "body.removeSecrets", message: `names ${unknown.join(", ")}, which is not set` }] });
      }
      for (const n of input.removeSecrets ?? []) delete secrets[n];
      Object.assign(secrets, input.secrets ?? {});
      for (const n of Object.keys(secrets)) {
        if (n in env) throw new AppError("VALIDATION", `${n} is both a variable and a secret`, { fields: [{ path: input.env ? `body.env.${n}` : `body.secrets.${n}`, message: "is both a plain variable and a secret; give it once" }] });
      }

      const fencingServerId = input.fencingServerId ?? before.fencingServerId;
      const names = await checkFenceDevice(
        tx,
        { kind, fencingServerId, actionCommand, targets, envNames: Object.keys(env), secretNames: Object.keys(secrets) },
        input.targets !== undefined,
      );

      if (input.targets) await tx.fenceTarget.deleteMany({ where: { deviceId: id } });
      const d = await tx.fenceDevice.update({
        where: { id },
        data: {
          name: input.name,
          kind,
          description: input.description,
          fencingServerId,
          actionCommand,
          statusCommand,
          offPattern,
          onCommand,
          env,
          ...(secretsTouched ? { secretCiphertext: Object.keys(secrets).length > 0 ? sealFenceSecrets(box, secrets) : null } : {}),
          timeoutSeconds: input.timeoutSeconds,
          ...(input.targets ? { targets: { create: input.targets.map((t) => ({ serverId: t.serverId, plug: t.plug })) } } : {}),
        },
        include: fenceDeviceInclude,
      });

      const changed = (Object.keys(input) as (keyof TUpdateFenceDeviceRequest)[]).filter((k) => !["secrets", "removeSecrets", "env", "targets"].includes(k));
      await recordAuditEvent(tx, actor, {
        action: "fence-device.update",
        targetType: "fence-device",
        targetId: id,
        details: {
          name: d.name,
          kind: d.kind,
          ...(input.name !== undefined && input.name !== before.name ? { renamed: { from: before.name, to: input.name } } : {}),
          changed,
          ...(input.env ? { envNames: Object.keys(env).sort() } : {}),
          ...(input.targets ? { targets: input.targets.map((t) => ({ server: names.get(t.serverId) ?? t.serverId, plug: t.plug })) } : {}),
          ...(input.secrets ? { secretsSet: Object.keys(input.secrets).sort() } : {}),
          ...(input.removeSecrets ? { secretsRemoved: [...input.removeSecrets].sort() } : {}),
          ...(secretsTouched && !stored ? { secretsReset: true } : {}),
        },
      });
      return toFenceDeviceDto(box, d, (await groupsNamingDevices(tx)).get(id) ?? []);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw fenceDeviceNameTaken(input.name ?? "", undefined, e);
    throw e;
  }
}
