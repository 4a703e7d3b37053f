// Reads what the Ansible inventory shows: servers with their site, groups,
// roles, tags and credential user. The credential's secret is never selected.
import type { Db } from "../../db/client";
import { buildAnsibleInventory, hostVarsOf, type InventoryServer } from "./build-ansible-inventory";
import type { TAnsibleHostVars, TAnsibleInventory } from "./ansible-inventory.types";

async function loadServers(db: Db, name?: string): Promise<InventoryServer[]> {
  const rows = await db.server.findMany({
    where: name === undefined ? {} : { name },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      address: true,
      port: true,
      tags: true,
      enabled: true,
      state: true,
      site: { select: { name: true } },
      credential: { select: { username: true } },
      memberships: { select: { role: true, group: { select: { name: true } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    address: r.address,
    port: r.port,
    username: r.credential?.username ?? null,
    site: r.site?.name ?? null,
    tags: r.tags,
    enabled: r.enabled,
    state: r.state,
    memberships: r.memberships.map((m) => ({ group: m.group.name, role: m.role })),
  }));
}

export async function getAnsibleInventory(db: Db): Promise<TAnsibleInventory> {
  return buildAnsibleInventory(await loadServers(db));
}

/** One host's variables, as `--host` wants them: {} for an unknown name. */
export async function getAnsibleHostVars(db: Db, name: string): Promise<TAnsibleHostVars | Record<string, never>> {
  const [server] = await loadServers(db, name);
  return server ? hostVarsOf(server) : {};
}
