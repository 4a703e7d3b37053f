// A group and plan context for plan tests (switchover, failover, drills): three
// members, db-1 the primary, sim hooks, an HAProxy balancer.
import type { TGroup, TGroupMember } from "../groups/groups.types";
import type { PlanContext } from "./failover-plan";

export const id = (n: number) => `0190a3c4-0000-7000-8000-00000000000${n}`;
/** A member; a `state` given without `health` is its health (outside maintenance they are the same). */
export function member(n: number, o: Partial<TGroupMember>): TGroupMember {
  const health = o.health ?? (o.state && o.state !== "MAINTENANCE" ? o.state : "UP");
  return { id: id(n), serverId: id(n + 4), name: `db-${n}`, site: null, role: "STANDBY", priority: 100, adminState: "IN_SERVICE", lbBackendServer: `db-${n}`, state: "UP", stateSince: 0, stateReason: null, lag: 0.5, maintenance: null, criticalServicesDown: [], ...o, health };
}
export function planContext(
  o: { members?: TGroupMember[]; hooks?: TGroup["hooks"]; lb?: boolean; requireFencing?: boolean; fencingLevels?: TGroup["fencingLevels"]; restore?: TGroup["restore"]; fenceDevices?: PlanContext["fenceDevices"] } = {},
): PlanContext {
  const group = {
    id: id(0),
    name: "pg it's",
    description: "",
    mode: "ACTIVE_PASSIVE",
    minHealthy: 1,
    failoverPolicy: "MANUAL",
    detectionThreshold: 3,
    cooldownSeconds: 600,
    maxReplicationLagSeconds: 30,
    requireFencing: o.requireFencing ?? true,
    hooks: o.hooks ?? { check: "tandem-sim check", promote: "tandem-sim role primary", demote: "tandem-sim role standby", fence: "tandem-sim fence" },
    criticalServices: [{ name: "postgresql", port: 5432 }],
    fencingLevels: o.fencingLevels ?? [],
    restore: o.restore ?? { afterMinutes: null },
    loadBalancer: null,
    members: o.members ?? [member(1, { role: "PRIMARY", lag: null }), member(2, {}), member(3, { priority: 50 })],
    redundancy: { state: "OK", inService: 3, minHealthy: 1, unavailable: [], drCovered: false },
    createdAt: "",
    updatedAt: "",
  } satisfies TGroup;
  return { group, lb: o.lb === false ? null : { kind: "HAPROXY", address: "127.0.0.1:9999", backend: "pg" }, fenceDevices: o.fenceDevices ?? new Map() };
}
