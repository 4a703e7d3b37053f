import { z } from "zod";

export const ZAnsibleInventoryQuery = z.object({
  host: z.string().min(1).max(253).optional().describe("One host's variables (Ansible's --host); {} when there is no such server"),
});

export const ZAnsibleHostVars = z.object({
  ansible_host: z.string(),
  ansible_port: z.number().int(),
  ansible_user: z.string().optional(),
  tandem_id: z.uuid(),
  tandem_site: z.string().nullable(),
  tandem_groups: z.array(z.string()),
  /** The server's role in its groups when they agree (or in the first by name); null outside any group. */
  tandem_role: z.enum(["PRIMARY", "STANDBY", "ACTIVE"]).nullable(),
  tandem_roles: z.record(z.string(), z.enum(["PRIMARY", "STANDBY", "ACTIVE"])),
  tandem_tags: z.array(z.string()),
  tandem_state: z.string(),
  tandem_enabled: z.boolean(),
});
export type TAnsibleHostVars = z.infer<typeof ZAnsibleHostVars>;

const ZAnsibleGroup = z.object({ hosts: z.array(z.string()).optional(), children: z.array(z.string()).optional() });

/** Ansible's dynamic-inventory JSON (--list): `_meta.hostvars`, then one entry per Ansible group. */
export const ZAnsibleList = z.object({ _meta: z.object({ hostvars: z.record(z.string(), ZAnsibleHostVars) }) }).catchall(ZAnsibleGroup);
export type TAnsibleInventory = z.input<typeof ZAnsibleList>;

/** The list, or one host's variables (--host; {} for an unknown host). */
export const ZAnsibleInventory = z.union([ZAnsibleList, ZAnsibleHostVars.partial()]);
