// What importing an inventory would do to each host: create a server, update
// the one with the same name, leave it unchanged, or skip it with a reason.
// Pure: the caller reads the current servers and sites and applies the plan.
import type { InventoryHost } from "./ansible-inventory";
import { MAX_TAGS, SERVER_NAME_PATTERN, TAG_MAX_LENGTH, TAG_PATTERN, isValidAddress } from "../servers/server-rules";

export type ImportAction = "create" | "update" | "unchanged" | "skip";

export type ExistingServer = {
  id: string;
  name: string;
  address: string;
  port: number;
  tags: string[];
  siteId: string | null;
  credentialId: string | null;
  hostKeyFingerprint: string | null;
};

export type PlannedHost = {
  name: string;
  action: ImportAction;
  /** Why a host is skipped. */
  reason: string | null;
  address: string | null;
  port: number | null;
  /** The tags the server will carry (existing ones are kept on update). */
  tags: string[];
  site: { id: string; name: string } | null;
  /** For an update: what changes, e.g. "port: 22 → 2222". */
  changes: string[];
  /** Things worth knowing that do not stop the import. */
  notes: string[];
  /** The server an update applies to. */
  serverId: string | null;
};

export type PlanContext = {
  existing: ExistingServer[];
  sites: { id: string; name: string }[];
  credential: { id: string; name: string; username: string } | null;
  siteFromGroup: boolean;
};

const SSH_CONNECTIONS = new Set(["ssh", "smart", "paramiko", "paramiko_ssh", "ansible.builtin.ssh", "ansible.builtin.paramiko_ssh"]);
const endpointKey = (address: string, port: number) => `${address.toLowerCase()}:${port}`;

function toPort(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null;
}

function firstDefined(vars: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) if (vars[k] !== undefined && vars[k] !== null && vars[k] !== "") return vars[k];
  return undefined;
}

/** Groups become tags: lower-cased; those that cannot be tags are left out with a note. */
function tagsFrom(groups: string[], notes: string[]): string[] {
  const tags: string[] = [];
  for (const g of groups) {
    const t = g.toLowerCase();
    if (t.length <= TAG_MAX_LENGTH && TAG_PATTERN.test(t)) {
      if (!tags.includes(t)) tags.push(t);
    } else notes.push(`Group ${g} cannot be a tag (lower case letters, digits, ':', '.', '_', '-'); left out.`);
  }
  return tags;
}

function siteFrom(groups: string[], ctx: PlanContext, notes: string[]): { id: string; name: string } | null {
  if (!ctx.siteFromGroup) return null;
  const wanted = new Set(groups.map((g) => g.toLowerCase()));
  const matches = ctx.sites.filter((s) => wanted.has(s.name.toLowerCase()));
  if (matches.length > 1) notes.push(`Groups match several sites (${matches.map((s) => s.name).join(", ")}); site left as it is.`);
  return matches.length === 1 ? matches[0]! : null;
}

export function planImport(hosts: InventoryHost[], ctx: PlanContext): PlannedHost[] {
  const byName = new Map(ctx.existing.map((s) => [s.name.toLowerCase(), s]));
  const byEndpoint = new Map(ctx.existing.map((s) => [endpointKey(s.address, s.port), s]));
  const claimed = new Map<string, string>(); // endpoint -> inventory host that takes it
  const names = new Map<string, string>(); // lower-cased name -> inventory host
  const siteName = new Map(ctx.sites.map((s) => [s.id, s.name]));

  return hosts.map((h): PlannedHost => {
    const notes: string[] = [];
    const skip = (reason: string, address: string | null = null, port: number | null = null): PlannedHost => ({
      name: h.name, action: "skip", reason, address, port, tags: [], site: null, changes: [], notes, serverId: null,
    });

    const connection = h.vars.ansible_connection;
    if (typeof connection === "string" && !SSH_CONNECTIONS.has(connection)) return skip(`ansible_connection=${connection} is not SSH`);
    if (!SERVER_NAME_PATTERN.test(h.name)) return skip("Not a valid server name (a letter or digit, then letters, digits, '.', '_' or '-'; 63 characters at most)");
    const sameName = names.get(h.name.toLowerCase());
    if (sameName) return skip(`Same name as ${sameName}, earlier in this file (names are compared regardless of case)`);
    names.set(h.name.toLowerCase(), h.name);

    const rawAddress = firstDefined(h.vars, ["ansible_host", "ansible_ssh_host"]) ?? h.name;
    const address = String(rawAddress).trim().replace(/^\[(.*)\]$/, "$1");
    if (!isValidAddress(address)) return skip(`Address ${address} is not a host name or an IP address`);
    const rawPort = firstDefined(h.vars, ["ansible_port", "ansible_ssh_port"]);
    const port = rawPort === undefined ? 22 : toPort(rawPort);
    if (port === null) return skip(`ansible_port ${String(rawPort)} is not a port (1-65535)`, address);

    const endpoint = endpointKey(address, port);
    const earlier = claimed.get(endpoint);
    if (earlier) return skip(`Same address and port as ${earlier}, earlier in this file`, address, port);
    const existing = byName.get(h.name.toLowerCase());
    const owner = byEndpoint.get(endpoint);
    if (owner && owner !== existing) return skip(`Already in Tandem as ${owner.name} (same address and port)`, address, port);
    claimed.set(endpoint, h.name);

    const user = firstDefined(h.vars, ["ansible_user", "ansible_ssh_user"]);
    if (user !== undefined && ctx.credential && String(user) !== ctx.credential.username) {
      notes.push(`ansible_user is ${String(user)}, but credential ${ctx.credential.name} logs in as ${ctx.credential.username}.`);
    }
    const groupTags = tagsFrom(h.groups, notes);
    const site = siteFrom(h.groups, ctx, notes);

    if (!existing) {
      if (groupTags.length > MAX_TAGS) notes.push(`More than ${MAX_TAGS} groups; only the first ${MAX_TAGS} become tags.`);
      return { name: h.name, action: "create", reason: null, address, port, tags: groupTags.slice(0, MAX_TAGS), site, changes: [], notes, serverId: null };
    }

    // An update keeps what admins set by hand: tags are added, never removed; site and
    // credential change only when the import names one.
    const changes: string[] = [];
    if (existing.address !== address) changes.push(`address: ${existing.address} → ${address}`);
    if (existing.port !== port) changes.push(`port: ${existing.port} → ${port}`);
    const added = groupTags.filter((t) => !existing.tags.includes(t));
    const room = Math.max(0, MAX_TAGS - existing.tags.length);
    if (added.length > room) notes.push(`Only ${MAX_TAGS} tags fit; ${added.length - room} left out.`);
    const tags = [...existing.tags, ...added.slice(0, room)];
    if (tags.length > existing.tags.length) changes.push(`tags: + ${added.slice(0, room).join(", ")}`);
    const newSite = site && site.id !== existing.siteId ? site : null;
    if (newSite) changes.push(`site: ${existing.siteId ? (siteName.get(existing.siteId) ?? "?") : "none"} → ${newSite.name}`);
    if (ctx.credential && existing.credentialId !== ctx.credential.id) changes.push(`credential → ${ctx.credential.name}`);
    if (existing.hostKeyFingerprint && (existing.address !== address || existing.port !== port)) {
      notes.push("The pinned host key is kept; reset it if this is now a different machine.");
    }
    const currentSite = existing.siteId ? { id: existing.siteId, name: siteName.get(existing.siteId) ?? "" } : null;
    return {
      name: existing.name,
      action: changes.length ? "update" : "unchanged",
      reason: null,
      address,
      port,
      tags,
      site: newSite ?? currentSite,
      changes,
      notes,
      serverId: existing.id,
    };
  });
}
