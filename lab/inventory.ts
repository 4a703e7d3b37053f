// The lab's hosts added to Tandem the way an operator adds real servers:
// through the API, each with its own login and its host key pinned; the
// hypervisor as the fencing server of a fence device that cuts a host's link;
// HAProxy's runtime API as the load balancer of both groups.
import type { TandemApi } from "./tandem-process";
import type { Lab, LabHost } from "./topology";
import { PG_BACKEND, WEB_BACKEND, type Front } from "./front";
import { HOOKS, LAG_COMMAND } from "./postgres";

export type LabInventory = {
  serverIds: Record<string, string>;
  pgBalancerId: string;
  webBalancerId: string;
  fenceDeviceId: string;
};

/** Poll interval of the database hosts: the lab wants sub-10-second failover, as a critical primary would. */
export const DB_POLL_MS = 1000;

export async function addLabToTandem(api: TandemApi, lab: Lab, front: Front, o: { db: LabHost[]; web: LabHost[] }): Promise<LabInventory> {
  const serverIds: Record<string, string> = {};
  const add = async (h: LabHost, extra: Record<string, unknown>) => {
    const cred = await api.send("POST", "/api/v1/credentials", { name: `lab-${h.name}`, username: h.user, kind: "PRIVATE_KEY", secret: lab.clientKey });
    const s = await api.send("POST", "/api/v1/servers", {
      name: h.name,
      address: h.address,
      port: 22,
      credentialId: cred.id,
      hostKeyFingerprint: h.hostKeyFingerprint,
      tags: ["lab"],
      ...extra,
    });
    serverIds[h.name] = s.id;
  };
  await add(lab.hv, { description: "the lab's hypervisor: its bridge carries every host's link" });
  for (const h of o.db) await add(h, { services: ["postgres"], lagProbe: LAG_COMMAND, pollIntervalMs: DB_POLL_MS });
  for (const h of o.web) await add(h, { pollIntervalMs: 2000 });

  const fence = await api.send("POST", "/api/v1/fence-devices", {
    name: "lab-hypervisor",
    kind: "CUSTOM",
    description: "Cuts the target's link at the hypervisor's bridge, as a hypervisor powers off a guest.",
    fencingServerId: serverIds.hv,
    actionCommand: 'ip link set "h-$TANDEM_PLUG" down',
    statusCommand: 'ip -o link show "h-$TANDEM_PLUG"',
    offPattern: "state DOWN",
    onCommand: 'ip link set "h-$TANDEM_PLUG" up',
    targets: o.db.map((h) => ({ serverId: serverIds[h.name], plug: h.name })),
  });
  const pgLb = await api.send("POST", "/api/v1/load-balancers", { kind: "HAPROXY", name: "lab-haproxy-pg", address: front.runtimeAddress, backend: PG_BACKEND });
  const webLb = await api.send("POST", "/api/v1/load-balancers", { kind: "HAPROXY", name: "lab-haproxy-web", address: front.runtimeAddress, backend: WEB_BACKEND });
  await api.send("POST", "/api/v1/groups", {
    name: "lab-web",
    description: "The HTTP pool behind HAProxy.",
    mode: "ACTIVE_ACTIVE",
    minHealthy: 1,
    loadBalancerId: webLb.id,
    members: o.web.map((h) => ({ serverId: serverIds[h.name], role: "ACTIVE", lbBackendServer: h.name })),
  });
  return {
    serverIds,
    pgBalancerId: pgLb.id,
    webBalancerId: webLb.id,
    fenceDeviceId: fence.id,
  };
}

/** The PostgreSQL pair as an automatic group: a fresh one per scenario, so each starts with no cooldown and no fenced member. */
export async function createPgGroup(api: TandemApi, inv: LabInventory, name: string, pair: { primary: LabHost; standby: LabHost }, o: { maxLagSeconds: number; cooldownSeconds: number }): Promise<string> {
  const g = await api.send("POST", "/api/v1/groups", {
    name,
    description: "A real PostgreSQL primary and its streaming standby.",
    mode: "ACTIVE_PASSIVE",
    minHealthy: 1,
    failoverPolicy: "AUTOMATIC",
    detectionThreshold: 2,
    cooldownSeconds: o.cooldownSeconds,
    maxReplicationLagSeconds: o.maxLagSeconds,
    requireFencing: true,
    hooks: HOOKS,
    criticalServices: [{ name: "postgres", port: 5432 }],
    loadBalancerId: inv.pgBalancerId,
    members: [
      { serverId: inv.serverIds[pair.primary.name], role: "PRIMARY", priority: 200, lbBackendServer: pair.primary.name },
      { serverId: inv.serverIds[pair.standby.name], role: "STANDBY", priority: 100, lbBackendServer: pair.standby.name },
    ],
  });
  return g.id;
}
