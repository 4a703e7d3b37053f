// Maintenance windows in effect: every few seconds (and at once after a change
// through the API) it works out which windows run now and which servers they
// cover, and makes the world match:
//   - servers in a running window show MAINTENANCE (the fleet view asks forServer);
//   - alerts about them are suppressed, named after the window (the alert manager's suppressor);
//   - automatic failover does not fail over from them, and no failover picks them as candidates;
//   - with drainMembers, their group members (never a PRIMARY) are drained from the
//     load balancer and marked MAINTENANCE; each drain is a row, released when the window
//     no longer covers the member (ended, ended early, cancelled, scope changed), also after
//     a restart; a failed drain or release is retried every tick until it works.
import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import type { Logger } from "../lib/logger";
import { intervalLoop, type Loop } from "../lib/interval-loop";
import { rotateMember } from "../groups/rotate-member";
import { activeOccurrence, type Occurrence } from "./occurrences";
import { scopeOfRow, timingOfRow } from "./window-dto";
import { expandScope, loadScopeFacts, type ScopeFacts } from "./window-scope";
import type { TMaintenanceMark } from "../fleet/fleet.types";

export type ActiveWindow = {
  id: string;
  title: string;
  occurrence: Occurrence;
  suppressAlerts: boolean;
  blockFailover: boolean;
  drainMembers: boolean;
  serverIds: Set<string>;
  groupIds: Set<string>;
};

export type MaintenanceService = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Recomputes what runs now and applies it (the loop calls it; the API after a change; tests with their clock). */
  reconcile(): Promise<void>;
  active(): ActiveWindow[];
  /** The running window covering a server (the first, if several). */
  forServer(serverId: string): ActiveWindow | null;
  /** The same, as the fleet view and the API show it. */
  markFor(serverId: string): TMaintenanceMark | null;
  /** For the alert manager: the window silencing alerts about this server or group now. */
  suppressing(subject: { serverId: string | null; groupId: string | null }): { windowId: string; title: string } | null;
  /** For automatic failover: the title of the window that forbids failing over from (or to) this server. */
  blockingFailover(serverId: string): string | null;
  /** The running window covering the group (named in its scope, or covering a member), if any: drills "only inside a maintenance window". */
  groupInWindow(groupId: string): string | null;
};

export type MaintenanceDeps = {
  db: Db;
  secretBox: SecretBox;
  log: Logger;
  clock?: () => Date;
  /** Told which servers entered or left maintenance (the fleet view re-sends them). */
  onChange?: (serverIds: string[]) => void;
  tickMs?: number;
  factsEveryMs?: number;
  /** In a cluster, only the leader drains and releases members; every node keeps the marks. */
  acting?: () => boolean;
};

type MemberRow = {
  groupId: string;
  serverId: string;
  role: "PRIMARY" | "STANDBY" | "ACTIVE";
  adminState: "IN_SERVICE" | "DRAINED" | "MAINTENANCE" | "FENCED";
  lbBackendServer: string | null;
  group: { name: string; hooks: unknown; loadBalancerId: string | null };
  server: { name: string };
};

export function createMaintenanceService(deps: MaintenanceDeps): MaintenanceService {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log.child({ component: "maintenance" });
  let facts: ScopeFacts | null = null;
  let factsAt = 0;
  let running: ActiveWindow[] = [];
  let byServer = new Map<string, ActiveWindow>();
  let chain: Promise<unknown> = Promise.resolve();

  const rotate = (m: MemberRow, want: "drain" | "enable") => rotateMember(deps, m, want);

  async function applyDrains(now: Date): Promise<void> {
    const want = new Map<string, { windowId: string; occurrenceStart: Date; groupId: string; serverId: string }>();
    const drainers = running.filter((w) => w.drainMembers);
    const held = await deps.db.maintenanceDrain.findMany({ where: { releasedAt: null } });
    if (!drainers.length && !held.length) return;
    const members: MemberRow[] = await deps.db.groupMember.findMany({
      select: {
        groupId: true,
        serverId: true,
        role: true,
        adminState: true,
        lbBackendServer: true,
        group: { select: { name: true, hooks: true, loadBalancerId: true } },
        server: { select: { name: true } },
      },
    });
    const memberOf = new Map(members.map((m) => [`${m.groupId}:${m.serverId}`, m]));
    for (const w of drainers) {
      for (const m of members) {
        // A primary is never drained by a window: that is an outage, not maintenance.
        if (!w.serverIds.has(m.serverId) || m.role === "PRIMARY") continue;
        want.set(`${w.id}:${w.occurrence.start.getTime()}:${m.groupId}:${m.serverId}`, { windowId: w.id, occurrenceStart: w.occurrence.start, groupId: m.groupId, serverId: m.serverId });
      }
    }


    // Release what no running window wants any more (first, so a member moving between windows is not left drained).
    for (const d of held) {
      const key = `${d.windowId}:${d.occurrenceStart.getTime()}:${d.groupId}:${d.serverId}`;
      if (want.has(key)) continue;
      const m = memberOf.get(`${d.groupId}:${d.serverId}`);
      try {
        if (m) {
          // Only undo what the window did: an operator who changed the member meanwhile wins.
          if (m.adminState === "MAINTENANCE") {
            const how = await rotate(m, "enable");
            await deps.db.groupMember.updateMany({ where: { groupId: d.groupId, serverId: d.serverId, adminState: "MAINTENANCE" }, data: { adminState: d.previousAdminState } });
            log.info(`${m.server.name} back in ${m.group.name} after maintenance (${how})`);
          }
        }
        await deps.db.maintenanceDrain.update({ where: { id: d.id }, data: { releasedAt: now, error: null } });
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        log.error(`could not release ${m?.server.name ?? d.serverId} after maintenance; retrying`, { windowId: d.windowId, err: msg });
        await deps.db.maintenanceDrain.update({ where: { id: d.id }, data: { error: `release: ${msg}`.slice(0, 1000) } });
      }
    }

    // Drain what a running window wants and does not hold yet, or whose drain failed before.
    for (const [key, t] of want) {
      const m = memberOf.get(`${t.groupId}:${t.serverId}`);
      if (!m) continue;
      const row = held.find((d) => `${d.windowId}:${d.occurrenceStart.getTime()}:${d.groupId}:${d.serverId}` === key);
      if (row && !row.error) continue;
      if (!row && m.adminState !== "IN_SERVICE") continue; // drained or fenced by someone else: not ours to take or give back
      try {
        const drain =
          row ??
          (await deps.db.maintenanceDrain.create({ data: { windowId: t.windowId, occurrenceStart: t.occurrenceStart, groupId: t.groupId, serverId: t.serverId, previousAdminState: m.adminState, drainedAt: now } }));
        await deps.db.groupMember.updateMany({ where: { groupId: t.groupId, serverId: t.serverId }, data: { adminState: "MAINTENANCE" } });
        const how = await rotate(m, "drain");
        if (drain.error) await deps.db.maintenanceDrain.update({ where: { id: drain.id }, data: { error: null } });
        log.info(`${m.server.name} drained from ${m.group.name} for maintenance (${how})`);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        log.error(`could not drain ${m.server.name} for maintenance; retrying`, { windowId: t.windowId, err: msg });
        await deps.db.maintenanceDrain.updateMany({ where: { windowId: t.windowId, occurrenceStart: t.occurrenceStart, groupId: t.groupId, serverId: t.serverId }, data: { error: `drain: ${msg}`.slice(0, 1000) } });
      }
    }
  }

  async function reconcileNow(force: boolean): Promise<void> {
    const now = clock();
    if (force || !facts || now.getTime() - factsAt > (deps.factsEveryMs ?? 30_000)) {
      facts = await loadScopeFacts(deps.db);
      factsAt = now.getTime();
    }
    const rows = await deps.db.maintenanceWindow.findMany({ where: { cancelledAt: null } });
    const next: ActiveWindow[] = [];
    for (const r of rows) {
      const occ = activeOccurrence(timingOfRow(r), now);
      if (!occ) continue;
      const scope = scopeOfRow(r);
      next.push({
        id: r.id,
        title: r.title,
        occurrence: occ,
        suppressAlerts: r.suppressAlerts,
        blockFailover: r.blockFailover,
        drainMembers: r.drainMembers,
        serverIds: expandScope(scope, facts),
        groupIds: new Set(scope.groupIds),
      });
    }
    const before = byServer;
    running = next;
    byServer = new Map();
    for (const w of next) for (const id of w.serverIds) if (!byServer.has(id)) byServer.set(id, w);
    const changed = [...new Set([...before.keys(), ...byServer.keys()])].filter((id) => before.get(id)?.id !== byServer.get(id)?.id);
    if (changed.length) {
      log.info("maintenance changed", { windows: next.map((w) => w.title), servers: changed.length });
      deps.onChange?.(changed);
    }
    if (deps.acting?.() !== false) await applyDrains(now);
  }

  const serial = (force: boolean) => {
    const run = chain.then(() => reconcileNow(force));
    chain = run.catch(() => undefined);
    return run;
  };

  const loops: Loop[] = [intervalLoop("maintenance windows", deps.tickMs ?? 5000, () => serial(false), log)];

  return {
    async start() {
      await serial(true);
      for (const l of loops) l.start();
    },
    async stop() {
      for (const l of loops) await l.stop();
      await chain;
    },
    reconcile: () => serial(true),
    active: () => running,
    forServer: (id) => byServer.get(id) ?? null,
    markFor(id) {
      const w = byServer.get(id);
      return w ? { windowId: w.id, title: w.title, startedAt: w.occurrence.start.getTime(), endsAt: w.occurrence.end.getTime() } : null;
    },
    suppressing({ serverId, groupId }) {
      for (const w of running) {
        if (!w.suppressAlerts) continue;
        if ((serverId && w.serverIds.has(serverId)) || (groupId && (w.groupIds.has(groupId) || memberInWindow(groupId, w)))) return { windowId: w.id, title: w.title };
      }
      return null;
    },
    groupInWindow(groupId) {
      for (const w of running) if (w.groupIds.has(groupId) || memberInWindow(groupId, w)) return w.title;
      return null;
    },
    blockingFailover(serverId) {
      const w = running.find((x) => x.blockFailover && x.serverIds.has(serverId));
      return w?.title ?? null;
    },
  };

  /** A group's alert is silenced when a member of it is in the window (its redundancy drops by design). */
  function memberInWindow(groupId: string, w: ActiveWindow): boolean {
    return (facts?.groups.get(groupId)?.memberIds ?? []).some((id) => w.serverIds.has(id));
  }
}
