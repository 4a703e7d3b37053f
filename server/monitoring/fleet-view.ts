import type { DirectoryEntry } from "../fleet/fleet-directory";
import type { HostHealth } from "../health/host-health";
import { effectiveState, type TFleetHost, type TMaintenanceMark } from "../fleet/fleet.types";
import { DEFAULT_INTERVAL_MS } from "../poller/poll-target";

const int = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n));

/** A fleet row: inventory facts plus live health (or, before the first poll, the state last persisted), and the maintenance window it is in. */
export function fleetHost(e: DirectoryEntry, h: HostHealth | undefined, maintenance: TMaintenanceMark | null = null): TFleetHost {
  const m = h?.metrics ?? null;
  const health = h?.state ?? e.state;
  return {
    id: e.id,
    name: e.name,
    address: e.address,
    site: e.site,
    tags: e.tags,
    enabled: e.enabled,
    pollMs: e.pollIntervalMs ?? DEFAULT_INTERVAL_MS,
    state: effectiveState(health, maintenance),
    health,
    since: (h?.since ?? e.stateSince).getTime(),
    reason: h ? h.reason : e.stateReason,
    lastSampleAt: (h?.lastGoodAt ?? e.lastSampleAt)?.getTime() ?? null,
    cpu: int(m?.cpuPct),
    mem: int(m?.memPct),
    disk: int(m?.diskPct),
    load1: m ? Math.round(m.load1 * 100) / 100 : null,
    lag: m?.lagSec ?? null,
    maintenance,
  };
}
