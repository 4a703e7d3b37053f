// Crashed-service detection (DESIGN section 6): a primary whose group's
// critical services are down in `detectionThreshold` good samples in a row is a
// failed primary, though its host answers. Pure: fed one good sample at a time,
// it says when a streak reaches the threshold (once per streak, as a host's
// DOWN transition fires once) and remembers
// when the services were last all up (the "last good answer" RTO counts from).
import type { TCriticalService } from "../groups/groups.types";

export type WatchedPrimary = { groupId: string; groupName: string; critical: TCriticalService[]; threshold: number };

export type ServiceFailure = {
  serverId: string;
  groupId: string;
  groupName: string;
  down: TCriticalService[];
  /** The first sample that saw them down. */
  downAt: Date;
  /** The last sample with every critical service running, if seen. */
  lastGoodAt: Date | null;
  samples: number;
};

type Streak = { count: number; downAt: Date | null; lastGoodAt: Date | null; fired: boolean };

export class ServiceWatch {
  private streaks = new Map<string, Streak>();
  private watched = new Map<string, WatchedPrimary[]>();

  /** Which servers are primaries of AUTOMATIC groups with critical services (replaced whole on every refresh). */
  setWatched(byServer: Map<string, WatchedPrimary[]>): void {
    this.watched = byServer;
    for (const key of this.streaks.keys()) {
      const [serverId, groupId] = key.split(":") as [string, string];
      if (!byServer.get(serverId)?.some((w) => w.groupId === groupId)) this.streaks.delete(key);
    }
  }

  /** A streak has begun on this server and not yet reached its threshold: worth a faster look. */
  confirming(serverId: string): boolean {
    for (const w of this.watched.get(serverId) ?? []) {
      const s = this.streaks.get(`${serverId}:${w.groupId}`);
      if (s && s.count > 0 && !s.fired) return true;
    }
    return false;
  }

  isWatched(serverId: string): boolean {
    return this.watched.has(serverId);
  }

  /** One good sample of a server: the services its agent reports not active. Returns the failures that just reached their threshold. */
  sample(serverId: string, at: Date, servicesDown: readonly string[]): ServiceFailure[] {
    const groups = this.watched.get(serverId);
    if (!groups) return [];
    const out: ServiceFailure[] = [];
    for (const w of groups) {
      const key = `${serverId}:${w.groupId}`;
      const s = this.streaks.get(key) ?? { count: 0, downAt: null, lastGoodAt: null, fired: false };
      const down = w.critical.filter((c) => servicesDown.includes(c.name));
      if (!down.length) {
        this.streaks.set(key, { count: 0, downAt: null, lastGoodAt: at, fired: false });
        continue;
      }
      s.count++;
      s.downAt ??= at;
      if (s.count >= w.threshold && !s.fired) {
        s.fired = true;
        out.push({ serverId, groupId: w.groupId, groupName: w.groupName, down, downAt: s.downAt, lastGoodAt: s.lastGoodAt, samples: s.count });
      }
      this.streaks.set(key, s);
    }
    return out;
  }
}
