// Which servers a window covers: the servers it names, plus every server of its
// sites, with its tags, and in its groups. Facts are read in one go so a tick
// or a preview expands many windows without a query each.
import type { Db } from "../db/client";
import type { TWindowScope } from "./maintenance.types";

export type ScopeFacts = {
  servers: Map<string, { id: string; name: string; siteId: string | null; tags: string[] }>;
  sites: Map<string, string>;
  groups: Map<string, { id: string; name: string; memberIds: string[] }>;
};

export async function loadScopeFacts(db: Db): Promise<ScopeFacts> {
  const [servers, sites, groups] = await Promise.all([
    db.server.findMany({ select: { id: true, name: true, siteId: true, tags: true } }),
    db.site.findMany({ select: { id: true, name: true } }),
    db.redundancyGroup.findMany({ select: { id: true, name: true, members: { select: { serverId: true } } } }),
  ]);
  return {
    servers: new Map(servers.map((s) => [s.id, s])),
    sites: new Map(sites.map((s) => [s.id, s.name])),
    groups: new Map(groups.map((g) => [g.id, { id: g.id, name: g.name, memberIds: g.members.map((m) => m.serverId) }])),
  };
}

export function expandScope(scope: TWindowScope, f: ScopeFacts): Set<string> {
  const out = new Set<string>();
  for (const id of scope.serverIds) if (f.servers.has(id)) out.add(id);
  for (const gid of scope.groupIds) for (const id of f.groups.get(gid)?.memberIds ?? []) out.add(id);
  if (scope.siteIds.length || scope.tags.length) {
    for (const s of f.servers.values()) {
      if ((s.siteId && scope.siteIds.includes(s.siteId)) || s.tags.some((t) => scope.tags.includes(t))) out.add(s.id);
    }
  }
  return out;
}
