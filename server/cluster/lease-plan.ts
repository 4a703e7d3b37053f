// How many server leases a node should claim or hand back on one tick. Pure.
// Every live node aims at the same fair share, ceil(servers / live nodes), so
// the shares always cover the fleet; each tick moves at most `pace` leases, so a
// node that joins takes its share gradually and a dead node's servers come back
// in paced waves, not as one reconnect storm.

export type LeaseCounts = {
  /** Enabled servers in the inventory. */
  servers: number;
  /** Live nodes that poll (this one included). */
  liveNodes: number;
  /** Leases this node holds now. */
  own: number;
  /** Servers nobody holds a live lease on. */
  free: number;
  /** Leases moved per tick at most. */
  pace: number;
};

export type LeasePlan = { fairShare: number; claim: number; release: number };

export function leasePlan(c: LeaseCounts): LeasePlan {
  const nodes = Math.max(1, c.liveNodes);
  const fairShare = Math.ceil(c.servers / nodes);
  const pace = Math.max(1, c.pace);
  if (c.own < fairShare) return { fairShare, claim: Math.min(fairShare - c.own, c.free, pace), release: 0 };
  // Hand back only what is over the share: with ceil() the shares sum to at least the fleet, so nobody oscillates.
  if (c.own > fairShare) return { fairShare, claim: 0, release: Math.min(c.own - fairShare, pace) };
  return { fairShare, claim: 0, release: 0 };
}
