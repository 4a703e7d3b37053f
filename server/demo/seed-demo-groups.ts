// The demo fleet's redundancy groups, from the simulator's own grouping: per
// site a PostgreSQL primary/standby pair (fra1's also with its cross-site DR
// standby) and a web pool. Idempotent: a group, fence device or balancer that
// exists, by name, is left as the admin may have edited it. Database pairs get
// the simulator's runbook hooks (`tandem-sim ...`, agents/sim/commands.ts), fail
// over AUTOMATICALLY, watch postgresql as a critical service, and are fenced
// out of band by their site's simulated hypervisor (hv-<site>), so Simulator →
// "down" or "service-stopped" on a primary ends in a failover by itself; the
// same hypervisor provisions a replacement when an operator restores one. Web
// pools sit behind their site's lb-<site>-1 host as COMMAND balancers.
import type { Db } from "../db/client";
import { systemActor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { createGroup } from "../groups/create-group";
import { ZCreateGroupRequest, type TGroupMemberInput, type TGroupRestore } from "../groups/groups.types";

const DEMO_DB_HOOKS = { check: "tandem-sim check", promote: "tandem-sim role primary", demote: "tandem-sim role standby", fence: "tandem-sim fence", role: "tandem-sim role" };
const DEMO_LB_COMMANDS = { enable: "tandem-sim lb enable", disable: "tandem-sim lb disable", drain: "tandem-sim lb drain", state: "tandem-sim lb state" };

export type DemoGroupHost = { name: string; role?: string | null; group?: string | null; site?: string | null };

/** Per site: the hypervisor as a fence device for every other host of the site, and the lb host as the web pool's COMMAND balancer. */
export async function seedDemoInfrastructure(db: Db, hosts: DemoGroupHost[]): Promise<{ fenceDevices: number; balancers: number }> {
  const servers = new Map((await db.server.findMany({ where: { name: { in: hosts.map((h) => h.name) } }, select: { id: true, name: true } })).map((s) => [s.name, s.id]));
  let fenceDevices = 0;
  let balancers = 0;
  for (const site of [...new Set(hosts.map((h) => h.site).filter((s): s is string => Boolean(s)))].sort()) {
    const inSite = hosts.filter((h) => h.site === site);
    const hv = inSite.find((h) => h.role === "hypervisor");
    const hvId = hv && servers.get(hv.name);
    const name = `hv-${site}`;
    if (hv && hvId && !(await db.fenceDevice.findUnique({ where: { name }, select: { id: true } }))) {
      const targets = inSite.filter((h) => h !== hv && servers.has(h.name)).map((h) => ({ serverId: servers.get(h.name)!, plug: h.name }));
      const device = await db.fenceDevice.create({
        data: {
          name,
          kind: "CUSTOM",
          description: `Demo hypervisor of ${site} (simulated, virsh-like): powers the site's virtual hosts off and on`,
          fencingServerId: hvId,
          actionCommand: "tandem-sim power off",
          statusCommand: "tandem-sim power status",
          offPattern: "^shut off$",
          onCommand: "tandem-sim power on",
          timeoutSeconds: 20,
          targets: { create: targets },
        },
      });
      await recordAuditEvent(db, systemActor, { action: "fence-device.create", targetType: "fence-device", targetId: device.id, details: { name, kind: "CUSTOM", fencingServer: hv.name, targets: targets.length } });
      fenceDevices++;
    }
    const lbHost = inSite.find((h) => h.role === "lb");
    const lbId = lbHost && servers.get(lbHost.name);
    const lbName = `lb-${site}`;
    if (lbHost && lbId && !(await db.loadBalancer.findUnique({ where: { name: lbName }, select: { id: true } }))) {
      const lb = await db.loadBalancer.create({ data: { name: lbName, kind: "COMMAND", serverId: lbId, backend: `web-${site}`, config: DEMO_LB_COMMANDS } });
      await recordAuditEvent(db, systemActor, { action: "load-balancer.create", targetType: "load-balancer", targetId: lb.id, details: { name: lbName, kind: "COMMAND", host: lbHost.name } });
      balancers++;
    }
  }
  return { fenceDevices, balancers };
}

/**
 * A database pair's restore: its site's hypervisor provisions a replacement
 * (`tandem-sim provision`) that joins as a standby. On request only: a
 * newcomer's experiments should not spawn hosts on their own.
 */
function demoRestore(hypervisorId: string | undefined): TGroupRestore | undefined {
  if (!hypervisorId) return undefined;
  return { provision: { serverId: hypervisorId, command: "tandem-sim provision", timeoutSeconds: 60 }, join: { command: "tandem-sim role standby", timeoutSeconds: 60 }, afterMinutes: null };
}

const isUnset = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

export async function seedDemoGroups(db: Db, hosts: DemoGroupHost[]): Promise<{ groupsCreated: number; restoresSet: number }> {
  const byGroup = new Map<string, DemoGroupHost[]>();
  for (const h of hosts) if (h.group) byGroup.set(h.group, [...(byGroup.get(h.group) ?? []), h]);
  const servers = new Map((await db.server.findMany({ where: { name: { in: [...hosts.map((h) => h.name), ...hosts.map((h) => `hv-${h.site}`)] } }, select: { id: true, name: true } })).map((s) => [s.name, s.id]));
  let groupsCreated = 0;
  let restoresSet = 0;
  for (const [name, members] of [...byGroup].sort(([a], [b]) => a.localeCompare(b))) {
    const database = members.some((m) => m.role === "primary");
    const primarySite = members.find((m) => m.role === "primary")?.site;
    const restore = database && primarySite ? demoRestore(servers.get(`hv-${primarySite}`)) : undefined;
    const existing = await db.redundancyGroup.findUnique({ where: { name }, select: { id: true, restore: true } });
    if (existing) {
      // A demo database from before restores existed gets the setting; one an admin set or cleared keeps theirs.
      if (restore && isUnset(existing.restore)) {
        await db.$transaction(async (tx) => {
          await tx.redundancyGroup.update({ where: { id: existing.id }, data: { restore } });
          await recordAuditEvent(tx, systemActor, { action: "group.update", targetType: "group", targetId: existing.id, details: { name, restore: { from: {}, to: restore } } });
        });
        restoresSet++;
      }
      continue;
    }
    const list: TGroupMemberInput[] = [];
    for (const m of members) {
      const serverId = servers.get(m.name);
      if (!serverId) continue;
      if (database && m.role === "primary") list.push({ serverId, role: "PRIMARY", priority: 200, lbBackendServer: null });
      // The in-site standby is preferred; the DR copy elsewhere is the last resort.
      else if (database && m.role === "standby") list.push({ serverId, role: "STANDBY", priority: m.name.endsWith("-dr") ? 50 : 100, lbBackendServer: null });
      else if (!database && m.role === "web") list.push({ serverId, role: "ACTIVE", priority: 100, lbBackendServer: m.name });
    }
    if (list.length === 0) continue;
    // Pools survive one loss and stay AT_RISK after it, rather than start BROKEN on the first blip.
    const minHealthy = database ? 1 : Math.max(1, list.length - 2);
    const site = members.find((m) => m.role === "lb")?.site;
    const lb = !database && site ? await db.loadBalancer.findUnique({ where: { name: `lb-${site}` }, select: { id: true } }) : null;
    await createGroup(
      db,
      systemActor,
      ZCreateGroupRequest.parse({
        name,
        description: database ? "Demo PostgreSQL primary with standbys (simulated)" : "Demo web pool (simulated)",
        mode: database ? "ACTIVE_PASSIVE" : "ACTIVE_ACTIVE",
        minHealthy,
        failoverPolicy: database ? "AUTOMATIC" : "MANUAL",
        // A newcomer breaks things more than once in ten minutes: a short cooldown keeps the demo failing over.
        cooldownSeconds: database ? 60 : 600,
        maxReplicationLagSeconds: database ? 30 : null,
        requireFencing: database,
        hooks: database ? DEMO_DB_HOOKS : {},
        criticalServices: database ? [{ name: "postgresql", port: 5432 }] : [],
        ...(restore ? { restore } : {}),
        loadBalancerId: lb?.id ?? null,
        members: list,
      }),
    );
    groupsCreated++;
  }
  // Each site's web pool needs its database: recovery plans move pg-<site> first. Seeded once, never over an admin's edit.
  for (const site of [...new Set(hosts.map((h) => h.site).filter((s): s is string => Boolean(s)))]) {
    const [web, pg] = await Promise.all([`web-${site}`, `pg-${site}`].map((name) => db.redundancyGroup.findUnique({ where: { name }, select: { id: true, dependsOn: { select: { dependsOnId: true } } } })));
    if (web && pg && web.dependsOn.length === 0 && groupsCreated > 0) await db.groupDependency.create({ data: { groupId: web.id, dependsOnId: pg.id } });
  }
  return { groupsCreated, restoresSet };
}
