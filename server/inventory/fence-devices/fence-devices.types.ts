import { z } from "zod";
import { SECRET_ENV_NAME } from "../../failover/run-hook";
import { ZFenceDeviceKind, ZFenceTemplate } from "../../fencing/fence-templates";

export { FENCE_DEVICE_KINDS, ZFenceDeviceKind, type TFenceDeviceKind } from "../../fencing/fence-templates";

import { ENV_VALUE_MAX, FENCE_TIMEOUT_MAX, FENCE_TIMEOUT_MIN, PLUG_MAX } from "./fence-device-limits";

export { ENV_VALUE_MAX, FENCE_TIMEOUT_MAX, FENCE_TIMEOUT_MIN, PLUG_MAX } from "./fence-device-limits";

export const ZFenceDeviceName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");

// Admin-authored commands, like runbook hooks: they run as written.
const ZCommand = z.string().trim().min(1, "is required").max(2000, "must be at most 2000 characters").regex(/^[^\0]*$/, "must not contain NUL");

export const ZOffPattern = z
  .string()
  .min(1, "is required")
  .max(200, "must be at most 200 characters")
  .refine((p) => {
    try {
      new RegExp(p, "i");
      return true;
    } catch {
      return false;
    }
  }, "is not a valid regular expression");

/** Variable and secret names: what the remote shell exports. TANDEM_ is Tandem's own. */
export const ZEnvName = z
  .string()
  .regex(SECRET_ENV_NAME, "must be an upper-case variable name (A-Z, 0-9, _; starting with a letter)")
  .refine((n) => !n.startsWith("TANDEM_"), "must not start with TANDEM_ (reserved for Tandem's own variables)");
const ZEnvValue = z.string().max(ENV_VALUE_MAX, `must be at most ${ENV_VALUE_MAX} characters`).regex(/^[^\0]*$/, "must not contain NUL");
const ZSecretValue = z.string().min(1, "is required").max(ENV_VALUE_MAX, `must be at most ${ENV_VALUE_MAX} characters`).regex(/^[^\0]*$/, "must not contain NUL");

// Records check each key with the name schema, so a bad name is reported at its path.
const ZEnv = z.record(ZEnvName, ZEnvValue).refine((e) => Object.keys(e).length <= 50, "must have at most 50 variables");
const ZSecrets = z.record(ZEnvName, ZSecretValue).refine((e) => Object.keys(e).length <= 50, "must have at most 50 secrets");

export const ZPlug = z
  .string()
  .trim()
  .min(1, "is required")
  .max(PLUG_MAX, `must be at most ${PLUG_MAX} characters`)
  .regex(/^[^\p{Cc}]+$/u, "must be printable (no control characters)");

export const ZFenceTargetInput = z.strictObject({ serverId: z.uuid("must be a server id (UUID)"), plug: ZPlug });
export type TFenceTargetInput = z.infer<typeof ZFenceTargetInput>;

const ZTargets = z
  .array(ZFenceTargetInput)
  .max(500, "must list at most 500 targets")
  .superRefine((targets, ctx) => {
    const seen = new Set<string>();
    targets.forEach((t, i) => {
      if (seen.has(t.serverId)) ctx.addIssue({ code: "custom", path: [i, "serverId"], message: "is listed twice" });
      seen.add(t.serverId);
    });
  });

const ZTimeout = z
  .number()
  .int("must be a whole number of seconds")
  .min(FENCE_TIMEOUT_MIN, `must be at least ${FENCE_TIMEOUT_MIN} seconds`)
  .max(FENCE_TIMEOUT_MAX, `must be at most ${FENCE_TIMEOUT_MAX} seconds`);

const fields = {
  name: ZFenceDeviceName,
  kind: ZFenceDeviceKind,
  description: z.string().trim().max(500, "must be at most 500 characters"),
  fencingServerId: z.uuid("must be a server id (UUID)"),
  actionCommand: ZCommand,
  statusCommand: ZCommand,
  offPattern: ZOffPattern,
  onCommand: ZCommand.nullable(),
  env: ZEnv,
  secrets: ZSecrets,
  timeoutSeconds: ZTimeout,
  targets: ZTargets,
};

type Shape = { fencingServerId?: string | undefined; targets?: TFenceTargetInput[] | undefined; env?: Record<string, string> | undefined; secrets?: Record<string, string> | undefined };

/** Rules between fields of one body; the domain checks them again against the stored device. */
function crossFieldIssues(v: Shape, ctx: z.RefinementCtx): void {
  if (v.fencingServerId && v.targets) {
    v.targets.forEach((t, i) => {
      if (t.serverId === v.fencingServerId) ctx.addIssue({ code: "custom", path: ["targets", i, "serverId"], message: "is the fencing server: a device cannot fence the host its commands run on" });
    });
  }
  for (const name of Object.keys(v.secrets ?? {})) {
    if (v.env && name in v.env) ctx.addIssue({ code: "custom", path: ["secrets", name], message: "is also a plain variable in env; give it once" });
  }
}

export const ZCreateFenceDeviceRequest = z
  .strictObject({
    name: fields.name,
    kind: fields.kind,
    description: fields.description.optional(),
    fencingServerId: fields.fencingServerId,
    /** Omitted: the kind's template command (CUSTOM needs all three of action, status and off pattern). */
    actionCommand: fields.actionCommand.optional(),
    statusCommand: fields.statusCommand.optional(),
    offPattern: fields.offPattern.optional(),
    onCommand: fields.onCommand.optional(),
    env: fields.env.optional(),
    /** Sealed at rest; responses list their names only. */
    secrets: fields.secrets.optional(),
    timeoutSeconds: fields.timeoutSeconds.optional(),
    targets: fields.targets.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "CUSTOM") {
      for (const k of ["actionCommand", "statusCommand", "offPattern"] as const) {
        if (v[k] === undefined) ctx.addIssue({ code: "custom", path: [k], message: "is required for a CUSTOM device (there is no template)" });
      }
    }
    crossFieldIssues(v, ctx);
  });
export type TCreateFenceDeviceRequest = z.infer<typeof ZCreateFenceDeviceRequest>;

export const ZUpdateFenceDeviceRequest = z
  .strictObject({
    name: fields.name.optional(),
    kind: fields.kind.optional(),
    description: fields.description.optional(),
    fencingServerId: fields.fencingServerId.optional(),
    actionCommand: fields.actionCommand.optional(),
    statusCommand: fields.statusCommand.optional(),
    offPattern: fields.offPattern.optional(),
    /** null removes the power-on command. */
    onCommand: fields.onCommand.optional(),
    /** Replaces all plain variables. */
    env: fields.env.optional(),
    /** Sets or replaces these secrets; others are kept. */
    secrets: fields.secrets.optional(),
    /** Removes these secrets by name. */
    removeSecrets: z.array(ZEnvName).max(50, "must list at most 50 names").optional(),
    timeoutSeconds: fields.timeoutSeconds.optional(),
    /** Replaces all targets. */
    targets: fields.targets.optional(),
  })
  .superRefine((v, ctx) => {
    if (Object.values(v).every((x) => x === undefined)) ctx.addIssue({ code: "custom", path: [], message: "must change at least one field" });
    for (const name of v.removeSecrets ?? []) {
      if (v.secrets && name in v.secrets) ctx.addIssue({ code: "custom", path: ["removeSecrets"], message: `names ${name}, which secrets sets: do one or the other` });
    }
    crossFieldIssues(v, ctx);
  });
export type TUpdateFenceDeviceRequest = z.infer<typeof ZUpdateFenceDeviceRequest>;

export const ZServerRef = z.object({ id: z.uuid(), name: z.string() });

/** What the API says about a device. Secret values are never in any response. */
export const ZFenceDevice = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: ZFenceDeviceKind,
  description: z.string(),
  fencingServer: ZServerRef,
  actionCommand: z.string(),
  statusCommand: z.string(),
  offPattern: z.string(),
  onCommand: z.string().nullable(),
  env: z.record(z.string(), z.string()),
  secretNames: z.array(z.string()),
  /** False when the sealed secrets cannot be opened (TANDEM_SECRET changed): set them again. */
  secretsReadable: z.boolean(),
  timeoutSeconds: z.number().int(),
  targets: z.array(z.object({ serverId: z.uuid(), name: z.string(), plug: z.string() })),
  /** Groups whose fencing levels name this device; it cannot be deleted while any does. */
  groups: z.array(ZServerRef),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TFenceDevice = z.infer<typeof ZFenceDevice>;

export const ZFenceDeviceList = z.object({ fenceDevices: z.array(ZFenceDevice) });
export const ZFenceTemplateList = z.object({ templates: z.array(ZFenceTemplate) });
export const ZFenceDeviceIdParams = z.object({ id: z.uuid("must be a fence device id (UUID)") });
