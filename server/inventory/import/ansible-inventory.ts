// The model both Ansible inventory parsers build: groups with hosts, children
// and vars, resolved the way Ansible resolves them (a host is in every ancestor
// of its groups; group vars apply by depth, then name; host vars win).
import { expandHostPattern } from "./host-pattern";
import { InventoryParseError } from "./inventory-parse-error";

export { InventoryParseError };

/** More hosts than this in one file is refused, whatever ranges produced them. */
export const MAX_INVENTORY_HOSTS = 10_000;

export type InventoryHost = {
  /** Ansible's inventory_hostname. */
  name: string;
  /** Effective variables: group vars by depth, then host vars (ansible_host, ansible_port, ansible_user…). */
  vars: Record<string, unknown>;
  /** Every group the host belongs to, directly or through children, without "all" and "ungrouped"; sorted. */
  groups: string[];
};

export type ParsedInventory = { hosts: InventoryHost[]; groups: string[]; warnings: string[] };

type Group = { hosts: Set<string>; children: Set<string>; vars: Record<string, unknown> };

export class InventoryBuilder {
  private readonly groups = new Map<string, Group>();
  private readonly hostVars = new Map<string, Record<string, unknown>>();
  readonly warnings: string[] = [];

  constructor() {
    this.group("all");
    this.group("ungrouped");
  }

  group(name: string): Group {
    let g = this.groups.get(name);
    if (!g) {
      g = { hosts: new Set(), children: new Set(), vars: {} };
      this.groups.set(name, g);
    }
    return g;
  }

  hasGroup(name: string): boolean {
    return this.groups.has(name);
  }

  /** Adds the hosts a pattern ("web[01:03].example.com:2222") names to a group, with their vars. */
  addHosts(group: string, pattern: string, vars: Record<string, unknown>, line?: number): void {
    const { names, port } = expandHostPattern(pattern, line);
    if (this.hostVars.size + names.length > MAX_INVENTORY_HOSTS) throw new InventoryParseError(`more than ${MAX_INVENTORY_HOSTS} hosts`, line);
    const g = this.group(group);
    for (const name of names) {
      g.hosts.add(name);
      const hv = this.hostVars.get(name) ?? {};
      // Like Ansible: a port in the pattern is the host's ansible_port; explicit vars on the line win.
      if (port !== undefined) hv.ansible_port = port;
      Object.assign(hv, vars);
      this.hostVars.set(name, hv);
    }
  }

  addChild(parent: string, child: string, line?: number): void {
    if (parent === child) throw new InventoryParseError(`group ${parent} cannot be its own child`, line);
    this.group(parent).children.add(child);
    this.group(child);
  }

  setGroupVars(group: string, vars: Record<string, unknown>): void {
    Object.assign(this.group(group).vars, vars);
  }

  build(): ParsedInventory {
    // Every group is a child of "all"; hosts in no other group are "ungrouped".
    const parents = new Map<string, Set<string>>();
    for (const [name, g] of this.groups) for (const c of g.children) (parents.get(c) ?? parents.set(c, new Set()).get(c)!).add(name);
    for (const name of this.groups.keys()) if (name !== "all" && !parents.get(name)?.size) parents.set(name, new Set(["all"]));

    const depth = new Map<string, number>([["all", 0]]);
    const depthOf = (name: string, path: string[]): number => {
      const known = depth.get(name);
      if (known !== undefined) return known;
      if (path.includes(name)) throw new InventoryParseError(`groups form a cycle: ${[...path.slice(path.indexOf(name)), name].join(" → ")}`);
      const d = 1 + Math.max(...[...(parents.get(name) ?? ["all"])].map((p) => depthOf(p, [...path, name])));
      depth.set(name, d);
      return d;
    };
    for (const name of this.groups.keys()) depthOf(name, []);

    const ancestors = (name: string, acc = new Set<string>()): Set<string> => {
      if (acc.has(name)) return acc;
      acc.add(name);
      for (const p of parents.get(name) ?? []) ancestors(p, acc);
      return acc;
    };

    const hosts: InventoryHost[] = [];
    for (const [host, own] of this.hostVars) {
      const all = new Set<string>(["all"]);
      for (const [name, g] of this.groups) if (g.hosts.has(host)) ancestors(name, all);
      const ordered = [...all].sort((a, b) => depth.get(a)! - depth.get(b)! || a.localeCompare(b));
      const vars: Record<string, unknown> = {};
      for (const g of ordered) Object.assign(vars, this.groups.get(g)!.vars);
      Object.assign(vars, own);
      hosts.push({ name: host, vars, groups: ordered.filter((g) => g !== "all" && g !== "ungrouped").sort() });
    }
    const groups = [...this.groups.keys()].filter((g) => g !== "all" && g !== "ungrouped").sort();
    return { hosts, groups, warnings: this.warnings };
  }
}
