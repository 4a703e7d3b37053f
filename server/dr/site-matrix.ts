// The site matrix: groups by site, with where each primary and standby lives,
// so a glance shows which groups have a copy in another site.
import type { THostState } from "../health/health.types";
import type { TSiteMatrix } from "./dr.types";
import type { DrFleet } from "./dr-fleet";

export function siteMatrix(fleet: DrFleet, hostStates: ReadonlyMap<string, THostState>): TSiteMatrix {
  const perSite = new Map<string, { servers: number; down: number }>();
  for (const [serverId, siteId] of fleet.serverSite) {
    if (!siteId) continue;
    const c = perSite.get(siteId) ?? { servers: 0, down: 0 };
    c.servers++;
    const st = hostStates.get(serverId);
    if (st === "DOWN" || st === "UNREACHABLE") c.down++;
    perSite.set(siteId, c);
  }
  const name = (id: string) => fleet.groupsById.get(id)?.name ?? id;
  return {
    sites: fleet.sites.map((s) => ({ id: s.id, name: s.name, ...(perSite.get(s.id) ?? { servers: 0, down: 0 }) })),
    groups: fleet.groups.map((g) => {
      const cells: TSiteMatrix["groups"][number]["cells"] = {};
      for (const m of g.members) (cells[m.site?.id ?? ""] ??= []).push({ serverId: m.serverId, name: m.name, role: m.role, adminState: m.adminState, state: m.state });
      return {
        groupId: g.id,
        name: g.name,
        mode: g.mode,
        redundancy: g.redundancy.state,
        drCovered: g.redundancy.drCovered,
        cells,
        dependsOn: (fleet.dependencies.get(g.id) ?? []).map((id) => ({ id, name: name(id) })).sort((a, b) => a.name.localeCompare(b.name)),
      };
    }),
  };
}
