// What rollouts have out of rotation right now, in this process: alerts about
// those servers and their groups are expected (a reboot, a group at its
// minimum while a member is patched) and are suppressed with the rollout named,
// and automatic failover keeps away from them, as for a maintenance window.
export type RolloutActivity = {
  add(serverId: string, groupIds: readonly string[], rollout: { id: string; reason: string }): void;
  remove(serverId: string): void;
  has(serverId: string): boolean;
  suppressing(subject: { serverId: string | null; groupId: string | null }): { windowId: null; title: string; reason: string } | null;
  blockingFailover(serverId: string): string | null;
};

export function createRolloutActivity(): RolloutActivity {
  const servers = new Map<string, { groupIds: readonly string[]; rollout: { id: string; reason: string } }>();
  const groups = new Map<string, Map<string, { id: string; reason: string }>>();
  const hold = (r: { id: string; reason: string }, what: string) => ({ windowId: null, title: `rollout: ${r.reason}`, reason: `${what} by rollout "${r.reason}"` });
  return {
    add(serverId, groupIds, rollout) {
      servers.set(serverId, { groupIds, rollout });
      for (const g of groupIds) {
        const m = groups.get(g) ?? new Map();
        m.set(serverId, rollout);
        groups.set(g, m);
      }
    },
    remove(serverId) {
      const e = servers.get(serverId);
      servers.delete(serverId);
      for (const g of e?.groupIds ?? []) {
        groups.get(g)?.delete(serverId);
        if (!groups.get(g)?.size) groups.delete(g);
      }
    },
    has: (serverId) => servers.has(serverId),
    suppressing({ serverId, groupId }) {
      const s = serverId ? servers.get(serverId) : undefined;
      if (s) return hold(s.rollout, "being patched");
      const g = groupId ? groups.get(groupId) : undefined;
      const first = g?.values().next().value;
      return first ? hold(first, "a member is being patched") : null;
    },
    blockingFailover(serverId) {
      const s = servers.get(serverId);
      return s ? `being patched by rollout "${s.rollout.reason}"` : null;
    },
  };
}
