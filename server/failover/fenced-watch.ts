// Split-brain guard (DESIGN section 6): a FENCED old primary must not serve as
// primary again. Every few seconds, each fenced member that answers is asked
// its role (the group's `role` hook); one that claims "primary" is a critical
// "two primaries" alert, and it is isolated at the group's balancer (again)
// so that no client reaches it. The alert clears when it says "standby" or is
// rejoined. Members whose host does not answer are left until they do.
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { ZGroupHooks } from "../groups/groups.types";
import type { HealthEngine } from "../health/health-engine";
import { intervalLoop, type Loop } from "../lib/interval-loop";
import type { Logger } from "../lib/logger";
import { balancerControl, loadBalancerRef } from "../loadbalancer/balancer-ref";
import { readRole } from "./role-probe";
import { runHook } from "./run-hook";

export type RoleClaim = {
  groupId: string;
  serverId: string;
  serverName: string;
  /** True while the fenced member says it is primary. */
  active: boolean;
  primaryName: string | null;
  detail: string;
};

export type FencedWatch = { start(): void; stop(): Promise<void>; /** One round now (tests). */ check(): Promise<RoleClaim[]> };

const PROBE_TIMEOUT_MS = 10_000;

export function createFencedWatch(deps: { db: Db; secretBox: SecretBox; log: Logger; health: Pick<HealthEngine, "hosts">; onClaim: (c: RoleClaim) => void; everyMs?: number }): FencedWatch {
  const log = deps.log.child({ component: "fenced-watch" });
  /** Claims raised and not yet cleared, by group:server. */
  const open = new Map<string, RoleClaim>();

  async function check(): Promise<RoleClaim[]> {
    const fenced = await deps.db.groupMember.findMany({
      where: { adminState: "FENCED" },
      select: {
        serverId: true,
        lbBackendServer: true,
        server: { select: { name: true } },
        group: { select: { id: true, name: true, hooks: true, loadBalancerId: true, members: { where: { role: "PRIMARY" }, select: { server: { select: { name: true } } } } } },
      },
    });
    const seen = new Set<string>();
    const out: RoleClaim[] = [];
    await Promise.all(
      fenced.map(async (m) => {
        const key = `${m.group.id}:${m.serverId}`;
        seen.add(key);
        const probe = ZGroupHooks.safeParse(m.group.hooks).data?.role;
        const state = deps.health.hosts.get(m.serverId)?.state;
        if (!probe || (state !== "UP" && state !== "DEGRADED")) return;
        const primaryName = m.group.members[0]?.server.name ?? null;
        let output: string;
        try {
          output = (await runHook(deps, { serverId: m.serverId, hook: probe, env: { TANDEM_GROUP: m.group.name, TANDEM_HOOK: "role", TANDEM_SERVER: m.server.name }, timeoutMs: PROBE_TIMEOUT_MS, what: "role probe" })).output;
        } catch (e) {
          log.warn(`role probe of fenced ${m.server.name} failed`, { err: e as Error });
          return;
        }
        const role = readRole(output);
        if (role === "primary") {
          let isolation = "no balancer entry to isolate it at";
          if (m.group.loadBalancerId && m.lbBackendServer) {
            const { ref } = await loadBalancerRef(deps.db, m.group.loadBalancerId);
            if (ref) {
              try {
                await balancerControl(ref, deps).disable({ backendServer: m.lbBackendServer });
                isolation = `kept isolated: ${ref.backend}/${m.lbBackendServer} in maintenance`;
              } catch (e) {
                isolation = `could not isolate it at the balancer: ${e instanceof Error ? e.message : String(e)}`;
              }
            }
          }
          const claim: RoleClaim = {
            groupId: m.group.id,
            serverId: m.serverId,
            serverName: m.server.name,
            active: true,
            primaryName,
            detail: `${m.server.name} is FENCED but reports itself primary${primaryName ? ` while ${primaryName} is the primary of ${m.group.name}` : ""}; ${isolation}. Rejoin it (its demote hook runs) or repair it.`,
          };
          if (!open.has(key)) log.error(claim.detail, { groupId: m.group.id, serverId: m.serverId });
          open.set(key, claim);
          deps.onClaim(claim);
          out.push(claim);
        } else if (role === "standby" && open.has(key)) {
          const cleared = { ...open.get(key)!, active: false, detail: `${m.server.name} reports standby now` };
          open.delete(key);
          deps.onClaim(cleared);
          out.push(cleared);
        }
      }),
    );
    // Rejoined (no longer fenced) or removed from the group: the claim is over.
    for (const [key, c] of open) {
      if (seen.has(key)) continue;
      open.delete(key);
      const cleared = { ...c, active: false, detail: `${c.serverName} is no longer a fenced member` };
      deps.onClaim(cleared);
      out.push(cleared);
    }
    return out;
  }

  const loop: Loop = intervalLoop("fenced members' role probes", deps.everyMs ?? 5_000, async () => void (await check()), log);
  return { start: () => loop.start(), stop: () => loop.stop(), check };
}
