// Tandem's inventory as Ansible's dynamic-inventory JSON: every server a host
// (its Tandem name), its site, redundancy groups, roles and tags as Ansible
// groups (site_<x>, group_<x>, role_<x>, tag_<x>). Ansible group names are
// letters, digits and underscores, not starting with a digit: other characters
// become "_", and two names that sanitise alike keep apart with a suffix
// (_2, _3, in name order) rather than merging two different sets of servers.
import type { TAnsibleHostVars, TAnsibleInventory } from "./ansible-inventory.types";

type Role = "PRIMARY" | "STANDBY" | "ACTIVE";
export type InventoryServer = {
  id: string;
  name: string;
  address: string;
  port: number;
  /** The SSH user of its credential (never the secret). */
  username: string | null;
  site: string | null;
  tags: string[];
  enabled: boolean;
  state: string;
  memberships: { group: string; role: Role }[];
};

export function sanitizeGroupName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}

export function hostVarsOf(s: InventoryServer): TAnsibleHostVars {
  const memberships = [...s.memberships].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  return {
    ansible_host: s.address,
    ansible_port: s.port,
    ...(s.username ? { ansible_user: s.username } : {}),
    tandem_id: s.id,
    tandem_site: s.site,
    tandem_groups: memberships.map((m) => m.group),
    tandem_role: memberships[0]?.role ?? null,
    tandem_roles: Object.fromEntries(memberships.map((m) => [m.group, m.role])),
    tandem_tags: [...s.tags].sort(),
    tandem_state: s.state,
    tandem_enabled: s.enabled,
  };
}

export function buildAnsibleInventory(servers: InventoryServer[]): TAnsibleInventory {
  // Which hosts each Tandem name gathers, per kind of group.
  const members = new Map<string, Map<string, Set<string>>>([["site", new Map()], ["group", new Map()], ["role", new Map()], ["tag", new Map()]]);
  const add = (kind: string, name: string, host: string) => {
    const byName = members.get(kind)!;
    (byName.get(name) ?? byName.set(name, new Set()).get(name)!).add(host);
  };
  const hostvars: Record<string, TAnsibleHostVars> = {};
  const ungrouped: string[] = [];
  const disabled: string[] = [];
  for (const s of servers) {
    hostvars[s.name] = hostVarsOf(s);
    if (s.site) add("site", s.site, s.name);
    for (const m of s.memberships) {
      add("group", m.group, s.name);
      add("role", m.role, s.name);
    }
    for (const t of s.tags) add("tag", t, s.name);
    if (!s.site && s.memberships.length === 0 && s.tags.length === 0) ungrouped.push(s.name);
    if (!s.enabled) disabled.push(s.name);
  }

  const out: Record<string, { hosts?: string[]; children?: string[] }> = {};
  const taken = new Set(["all", "ungrouped", "tandem_disabled", "_meta"]);
  for (const [kind, byName] of members) {
    for (const name of [...byName.keys()].sort()) {
      const base = `${kind}_${sanitizeGroupName(name)}`;
      let ansibleName = base;
      for (let n = 2; taken.has(ansibleName); n++) ansibleName = `${base}_${n}`;
      taken.add(ansibleName);
      out[ansibleName] = { hosts: [...byName.get(name)!].sort() };
    }
  }
  if (disabled.length) out.tandem_disabled = { hosts: disabled.sort() };
  out.ungrouped = { hosts: ungrouped.sort() };
  return { _meta: { hostvars }, all: { children: Object.keys(out).sort() }, ...out } as TAnsibleInventory;
}
