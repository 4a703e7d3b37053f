// What disaster-recovery reasoning reads: every group with live member states,
// the dependency graph, who can fence whom, where balancers and fencing
// servers live, and the sites. One load per request; the logic is pure.
import type { Db } from "../db/client";
import type { LiveStates } from "../groups/group-dto";
import { listGroups } from "../groups/list-groups";
import type { TGroup } from "../groups/groups.types";
import type { DependencyGraph } from "./site-plan";
import type { Fencer, WhatIfFleet } from "./what-if";

export type DrFleet = WhatIfFleet & { groupsById: ReadonlyMap<string, TGroup>; sites: { id: string; name: string }[] };

export async function loadDependencies(db: Db): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  for (const d of await db.groupDependency.findMany({ select: { groupId: true, dependsOnId: true } })) graph.set(d.groupId, [...(graph.get(d.groupId) ?? []), d.dependsOnId]);
  return graph;
}

export async function loadDrFleet(db: Db, live: LiveStates | undefined): Promise<DrFleet> {
  const [groups, dependencies, targets, balancers, servers, sites] = await Promise.all([
    listGroups(db, live),
    loadDependencies(db),
    db.fenceTarget.findMany({ select: { serverId: true, device: { select: { id: true, name: true, fencingServerId: true, fencingServer: { select: { name: true } } } } } }),
    db.loadBalancer.findMany({ select: { id: true, kind: true, serverId: true } }),
    db.server.findMany({ select: { id: true, name: true, siteId: true } }),
    db.site.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const fencers = new Map<string, Fencer[]>();
  for (const t of targets) fencers.set(t.serverId, [...(fencers.get(t.serverId) ?? []), { deviceId: t.device.id, device: t.device.name, serverId: t.device.fencingServerId, serverName: t.device.fencingServer.name }]);
  const lbHost = new Map(balancers.map((b) => [b.id, b.kind === "COMMAND" ? b.serverId : null]));
  const balancerHost = new Map<string, string | null>();
  for (const g of groups) if (g.loadBalancer && lbHost.has(g.loadBalancer.id)) balancerHost.set(g.id, lbHost.get(g.loadBalancer.id) ?? null);
  return {
    groups,
    groupsById: new Map(groups.map((g) => [g.id, g])),
    dependencies: dependencies as DependencyGraph,
    fencers,
    balancerHost,
    serverSite: new Map(servers.map((s) => [s.id, s.siteId])),
    serverNames: new Map(servers.map((s) => [s.id, s.name])),
    siteNames: new Map(sites.map((s) => [s.id, s.name])),
    sites,
  };
}
