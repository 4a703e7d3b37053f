// Built-in fence device templates: the commands operators would otherwise look
// up for IPMI, libvirt, Proxmox and AWS. The target always arrives as
// $TANDEM_PLUG (run-fence-device.ts); passwords and keys arrive as sealed
// secrets in the environment, never on a command line (`ipmitool -E` reads
// IPMI_PASSWORD from it, the AWS CLI its keys).
import { z } from "zod";

export const FENCE_DEVICE_KINDS = ["IPMI", "LIBVIRT", "PROXMOX", "AWS", "CUSTOM"] as const;
export const ZFenceDeviceKind = z.enum(FENCE_DEVICE_KINDS);
export type TFenceDeviceKind = z.infer<typeof ZFenceDeviceKind>;
export type TTemplateKind = Exclude<TFenceDeviceKind, "CUSTOM">;

export const ZFenceTemplateVar = z.object({
  name: z.string(),
  /** Sealed and write-only when true; plain environment otherwise. */
  secret: z.boolean(),
  required: z.boolean(),
  hint: z.string(),
});
export type TFenceTemplateVar = z.infer<typeof ZFenceTemplateVar>;

export const ZFenceTemplate = z.object({
  kind: ZFenceDeviceKind.exclude(["CUSTOM"]),
  label: z.string(),
  /** What runs the commands: what the fencing server must be. */
  fencingServerHint: z.string(),
  /** What a target's plug is for this kind. */
  plugHint: z.string(),
  actionCommand: z.string(),
  statusCommand: z.string(),
  offPattern: z.string(),
  onCommand: z.string(),
  vars: z.array(ZFenceTemplateVar),
});
export type TFenceTemplate = z.infer<typeof ZFenceTemplate>;

const IPMI = 'ipmitool -I lanplus -H "$TANDEM_PLUG" -U "$IPMI_USER" -E chassis power';

export const FENCE_TEMPLATES: Record<TTemplateKind, TFenceTemplate> = {
  IPMI: {
    kind: "IPMI",
    label: "IPMI (BMC over LAN)",
    fencingServerHint: "A host with ipmitool that reaches the BMCs (a jump host on the management network).",
    plugHint: "The BMC's address, e.g. 10.0.9.21",
    actionCommand: `${IPMI} off`,
    statusCommand: `${IPMI} status`,
    offPattern: "Chassis Power is off",
    onCommand: `${IPMI} on`,
    vars: [
      { name: "IPMI_USER", secret: false, required: true, hint: "The BMC login, e.g. ADMIN." },
      { name: "IPMI_PASSWORD", secret: true, required: true, hint: "The BMC password; ipmitool -E reads it from the environment." },
    ],
  },
  LIBVIRT: {
    kind: "LIBVIRT",
    label: "libvirt (KVM hypervisor)",
    fencingServerHint: "The hypervisor that runs the guests (its login must be allowed to use virsh).",
    plugHint: "The libvirt domain name, e.g. db-1",
    actionCommand: 'virsh destroy "$TANDEM_PLUG"',
    statusCommand: 'virsh domstate "$TANDEM_PLUG"',
    offPattern: "^shut off$",
    onCommand: 'virsh start "$TANDEM_PLUG"',
    vars: [{ name: "LIBVIRT_DEFAULT_URI", secret: false, required: false, hint: "e.g. qemu:///system when the login's default is the session daemon." }],
  },
  PROXMOX: {
    kind: "PROXMOX",
    label: "Proxmox VE (qm)",
    fencingServerHint: "The Proxmox node that runs the VMs (qm needs root there).",
    plugHint: "The VM id, e.g. 101",
    actionCommand: 'qm stop "$TANDEM_PLUG"',
    statusCommand: 'qm status "$TANDEM_PLUG"',
    offPattern: "status: stopped",
    onCommand: 'qm start "$TANDEM_PLUG"',
    vars: [],
  },
  AWS: {
    kind: "AWS",
    label: "AWS EC2 (aws CLI)",
    fencingServerHint: "A host with the aws CLI, outside the instances it fences.",
    plugHint: "The EC2 instance id, e.g. i-0abc123def4567890",
    actionCommand: 'aws ec2 stop-instances --force --instance-ids "$TANDEM_PLUG"',
    statusCommand: `aws ec2 describe-instances --instance-ids "$TANDEM_PLUG" --query 'Reservations[0].Instances[0].State.Name' --output text`,
    offPattern: "^stopped$",
    onCommand: 'aws ec2 start-instances --instance-ids "$TANDEM_PLUG"',
    vars: [
      { name: "AWS_DEFAULT_REGION", secret: false, required: true, hint: "The instances' region, e.g. eu-central-1." },
      { name: "AWS_ACCESS_KEY_ID", secret: true, required: false, hint: "Leave unset when the host has an instance role or profile." },
      { name: "AWS_SECRET_ACCESS_KEY", secret: true, required: false, hint: "Goes with AWS_ACCESS_KEY_ID." },
    ],
  },
};

export function fenceTemplate(kind: TFenceDeviceKind): TFenceTemplate | null {
  return kind === "CUSTOM" ? null : FENCE_TEMPLATES[kind];
}

export type FenceCommands = { actionCommand: string; statusCommand: string; offPattern: string; onCommand: string | null };
type GivenCommands = { actionCommand?: string | undefined; statusCommand?: string | undefined; offPattern?: string | undefined; onCommand?: string | null | undefined };

/**
 * A new device's commands: each one given wins, each one missing comes from the
 * kind's template. Returns the names still missing (CUSTOM has no template).
 */
export function fillFromTemplate(kind: TFenceDeviceKind, given: GivenCommands): { commands: Partial<FenceCommands>; missing: (keyof FenceCommands)[] } {
  const t = fenceTemplate(kind);
  const commands: Partial<FenceCommands> = {
    actionCommand: given.actionCommand ?? t?.actionCommand,
    statusCommand: given.statusCommand ?? t?.statusCommand,
    offPattern: given.offPattern ?? t?.offPattern,
    onCommand: given.onCommand !== undefined ? given.onCommand : (t?.onCommand ?? null),
  };
  const missing = (["actionCommand", "statusCommand", "offPattern"] as const).filter((k) => commands[k] === undefined);
  return { commands, missing };
}

/**
 * Where a device's environment disagrees with its template: a secret given as a
 * plain variable (it would be stored and shown in clear), a variable given as a
 * secret, or a required one missing while the device still runs the template's
 * action command (custom commands may not need it). Messages per body path.
 */
export function templateVarProblems(
  kind: TFenceDeviceKind,
  device: { actionCommand: string; envNames: string[]; secretNames: string[] },
): { path: string; message: string }[] {
  const t = fenceTemplate(kind);
  if (!t) return [];
  const problems: { path: string; message: string }[] = [];
  const env = new Set(device.envNames);
  const secrets = new Set(device.secretNames);
  for (const v of t.vars) {
    if (v.secret && env.has(v.name)) problems.push({ path: `body.env.${v.name}`, message: `is a secret for ${t.label}: give it under secrets, where it is sealed` });
    if (!v.secret && secrets.has(v.name)) problems.push({ path: `body.secrets.${v.name}`, message: `is a plain setting for ${t.label}: give it under env` });
    const present = v.secret ? secrets.has(v.name) : env.has(v.name);
    if (v.required && !present && device.actionCommand === t.actionCommand && !env.has(v.name) && !secrets.has(v.name)) {
      problems.push({ path: `body.${v.secret ? "secrets" : "env"}.${v.name}`, message: `is required by the ${t.label} commands` });
    }
  }
  return problems;
}
