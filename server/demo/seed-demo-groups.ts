// The demo fleet's redundancy groups, from the simulator's own grouping: per
// site a PostgreSQL primary/standby pair (fra1's also with its cross-site DR
// standby) and a web pool. Idempotent: a group that exists, by name, is left as
// the admin may have edited it. Database pairs get the simulator's runbook
// hooks (`tandem-sim ...`, agents/sim/commands.ts), so switchover and failover
// run real hooks in the demo.
import type { Db } from "../db/client";
import { systemActor } from "../auth/principal";
import { createGroup } from "../groups/create-group";
import { ZCreateGroupRequest, type TGroupMemberInput } from "../groups/groups.types";

const DEMO_DB_HOOKS = { check: "tandem-sim check", promote: "tandem-sim role primary", demote: "tandem-sim role standby", fence: "tandem-sim fence" };

export type DemoGroupHost = { name: string; role?: string | null; group?: string | null };

export async function seedDemoGroups(db: Db, hosts: DemoGroupHost[]): Promise<{ groupsCreated: number }> {
  const byGroup = new Map<string, DemoGroupHost[]>();
  for (const h of hosts) if (h.group) byGroup.set(h.group, [...(byGroup.get(h.group) ?? []), h]);
  const servers = new Map((await db.server.findMany({ where: { name: { in: hosts.map((h) => h.name) } }, select: { id: true, name: true } })).map((s) => [s.name, s.id]));
  let groupsCreated = 0;
  for (const [name, members] of [...byGroup].sort(([a], [b]) => a.localeCompare(b))) {
    if (await db.redundancyGroup.findUnique({ where: { name }, select: { id: true } })) continue;
    const database = members.some((m) => m.role === "primary");
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
    await createGroup(
      db,
      systemActor,
      ZCreateGroupRequest.parse({
        name,
        description: database ? "Demo PostgreSQL primary with standbys (simulated)" : "Demo web pool (simulated)",
        mode: database ? "ACTIVE_PASSIVE" : "ACTIVE_ACTIVE",
        minHealthy,
        failoverPolicy: "MANUAL",
        maxReplicationLagSeconds: database ? 30 : null,
        requireFencing: database,
        hooks: database ? DEMO_DB_HOOKS : {},
        members: list,
      }),
    );
    groupsCreated++;
  }
  return { groupsCreated };
}
