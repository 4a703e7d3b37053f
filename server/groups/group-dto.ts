// Rows to DTOs, with each member's live state: the monitoring snapshot when it
// runs (what the fleet page shows), else the state last persisted on the server.
import type { Prisma } from "../db/client";
import { effectiveState, type TFleetSnapshot, type TMaintenanceMark } from "../fleet/fleet.types";
import type { THostState } from "../health/health.types";
import { ZFencingLevels } from "../fencing/fencing-levels";
import { evaluateRedundancy } from "./redundancy";
import { criticalServicesOf } from "./critical-services";
import { ZGroupHooks, ZGroupRestore, type TGroup } from "./groups.types";

export const groupInclude = {
  loadBalancer: { select: { id: true, name: true, kind: true } },
  members: {
    orderBy: [{ role: "asc" as const }, { priority: "desc" as const }, { createdAt: "asc" as const }],
    include: { server: { select: { id: true, name: true, state: true, stateSince: true, stateReason: true, site: { select: { id: true, name: true } } } } },
  },
} satisfies Prisma.RedundancyGroupInclude;

/** A member's live facts: its health (never MAINTENANCE; failover logic reads this), the window it is in, the services its agent reports not active. */
export type LiveState = { health: THostState; since: number; reason: string | null; lag: number | null; maintenance: TMaintenanceMark | null; servicesDown: string[] };
export type LiveStates = Map<string, LiveState>;

/** What live states are read from: the monitoring service (its snapshot, and its health engine for the services). */
export type LiveSource = { snapshot(): TFleetSnapshot; engine?: { hosts: ReadonlyMap<string, { metrics: { servicesDown: string[] } | null }> } };

export function liveStatesOf(source: LiveSource | undefined): LiveStates | undefined {
  if (!source) return undefined;
  const hosts = source.engine?.hosts;
  return new Map(
    source.snapshot().hosts.map((h) => [h.id, { health: h.health, since: h.since, reason: h.reason, lag: h.lag, maintenance: h.maintenance, servicesDown: hosts?.get(h.id)?.metrics?.servicesDown ?? [] }]),
  );
}

type GroupRow = {
  id: string;
  name: string;
  description: string;
  mode: "ACTIVE_PASSIVE" | "ACTIVE_ACTIVE";
  minHealthy: number;
  failoverPolicy: "AUTOMATIC" | "MANUAL";
  detectionThreshold: number;
  cooldownSeconds: number;
  maxReplicationLagSeconds: number | null;
  requireFencing: boolean;
  hooks: unknown;
  criticalServices: unknown;
  fencingLevels: unknown;
  restore: unknown;
  createdAt: Date;
  updatedAt: Date;
  loadBalancer: { id: string; name: string; kind: "HAPROXY" | "COMMAND" } | null;
  members: {
    id: string;
    serverId: string;
    role: "PRIMARY" | "STANDBY" | "ACTIVE";
    priority: number;
    adminState: "IN_SERVICE" | "DRAINED" | "MAINTENANCE" | "FENCED";
    lbBackendServer: string | null;
    server: { id: string; name: string; state: THostState; stateSince: Date; stateReason: string | null; site: { id: string; name: string } | null };
  }[];
};

export function toGroupDto(g: GroupRow, live: LiveStates | undefined): TGroup {
  // Settings written before a schema change must not break reads: drop what does not parse.
  const criticalServices = criticalServicesOf(g.criticalServices);
  const criticalNames = new Set(criticalServices.map((c) => c.name));
  const levels = ZFencingLevels.safeParse(g.fencingLevels);
  const members = g.members.map((m) => {
    const l = live?.get(m.serverId);
    const health = l?.health ?? m.server.state;
    const maintenance = l?.maintenance ?? null;
    return {
      id: m.id,
      serverId: m.serverId,
      name: m.server.name,
      site: m.server.site,
      role: m.role,
      priority: m.priority,
      adminState: m.adminState,
      lbBackendServer: m.lbBackendServer,
      state: effectiveState(health, maintenance),
      health,
      stateSince: l?.since ?? m.server.stateSince.getTime(),
      stateReason: l ? l.reason : m.server.stateReason,
      lag: l?.lag ?? null,
      maintenance,
      criticalServicesDown: (l?.servicesDown ?? []).filter((s) => criticalNames.has(s)),
    };
  });
  const redundancy = evaluateRedundancy(
    g.mode,
    g.minHealthy,
    members.map((m) => ({
      serverId: m.serverId,
      name: m.name,
      role: m.role,
      adminState: m.adminState,
      hostState: m.health,
      siteId: m.site?.id ?? null,
      maintenance: m.maintenance?.title ?? null,
      lagSec: m.lag,
      criticalServicesDown: m.criticalServicesDown,
    })),
    { maxLagSec: g.maxReplicationLagSeconds },
  );
  const hooks = ZGroupHooks.safeParse(g.hooks);
  const restore = ZGroupRestore.safeParse(g.restore);
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    mode: g.mode,
    minHealthy: g.minHealthy,
    failoverPolicy: g.failoverPolicy,
    detectionThreshold: g.detectionThreshold,
    cooldownSeconds: g.cooldownSeconds,
    maxReplicationLagSeconds: g.maxReplicationLagSeconds,
    requireFencing: g.requireFencing,
    hooks: hooks.success ? hooks.data : {},
    criticalServices,
    fencingLevels: levels.success ? levels.data : [],
    restore: restore.success ? restore.data : { afterMinutes: null },
    loadBalancer: g.loadBalancer,
    members,
    redundancy,
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
  };
}
