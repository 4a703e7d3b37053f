// What the fleet and server pages receive over socket.io. Snapshots carry whole
// rows; deltas carry compact tuples for the hosts that changed since the last
// tick, so a 10,000-server fleet costs tens of bytes per changed host.
import type { THostState } from "../health/health.types";
import type { THostMetrics } from "../health/health.types";
import type { TAgentSample } from "../agent/agent-sample.types";
import { HOST_STATES } from "../health/health.types";

import type { TMaintenanceMark } from "../maintenance/maintenance-mark";
export type { TMaintenanceMark };

export type TFleetHost = {
  id: string;
  name: string;
  address: string;
  site: { id: string; name: string } | null;
  tags: string[];
  enabled: boolean;
  /** The poll interval: data older than a few of these is stale. */
  pollMs: number;
  /** What the server is: MAINTENANCE while a window covers it, else its health. */
  state: THostState;
  /** Its live health (never MAINTENANCE): whether it answers, in a window or not. */
  health: THostState;
  /** Since when it has had this health (epoch ms). */
  since: number;
  reason: string | null;
  /** epoch ms of the last good sample; null: never. */
  lastSampleAt: number | null;
  cpu: number | null;
  mem: number | null;
  disk: number | null;
  load1: number | null;
  lag: number | null;
  /** The maintenance window it is in now, if any. */
  maintenance: TMaintenanceMark | null;
};

type MarkTuple = [windowId: string, title: string, startedAt: number, endsAt: number];
/** [id, health index in HOST_STATES, since, reason, lastSampleAt | 0, cpu, mem, disk, load1, lag, maintenance]; state follows from health and maintenance. */
export type TFleetDeltaRow = [string, number, number, string | null, number, number | null, number | null, number | null, number | null, number | null, MarkTuple | null];

export type TFleetSnapshot = { seq: number; at: number; hosts: TFleetHost[] };
export type TFleetDelta = { seq: number; at: number; rows: TFleetDeltaRow[] };
/** Servers were added, removed or edited: ask for a new snapshot. */
export type TFleetInventoryChanged = { seq: number };

export type THostDetail = { host: TFleetHost; metrics: THostMetrics | null; sample: TAgentSample | null };
export type THostSampleEvent = { id: string; at: number; host: TFleetHost; metrics: THostMetrics | null; sample: TAgentSample | null };

export const FLEET_EVENTS = {
  snapshot: "fleet:snapshot",
  delta: "fleet:delta",
  inventory: "fleet:inventory",
  hostSnapshot: "host:snapshot",
  hostSample: "host:sample",
} as const;

/** A server's shown state: MAINTENANCE while a window covers it, its health otherwise. */
export function effectiveState(health: THostState, maintenance: unknown): THostState {
  return maintenance ? "MAINTENANCE" : health;
}

export function encodeDelta(h: TFleetHost): TFleetDeltaRow {
  const m = h.maintenance;
  return [h.id, HOST_STATES.indexOf(h.health), h.since, h.reason, h.lastSampleAt ?? 0, h.cpu, h.mem, h.disk, h.load1, h.lag, m ? [m.windowId, m.title, m.startedAt, m.endsAt] : null];
}

/** Applies a delta row to a known host (client side). */
export function applyDelta(h: TFleetHost, r: TFleetDeltaRow): TFleetHost {
  const health = HOST_STATES[r[1]] ?? "UNKNOWN";
  const maintenance = r[10] ? { windowId: r[10][0], title: r[10][1], startedAt: r[10][2], endsAt: r[10][3] } : null;
  return { ...h, state: effectiveState(health, maintenance), health, since: r[2], reason: r[3], lastSampleAt: r[4] || null, cpu: r[5], mem: r[6], disk: r[7], load1: r[8], lag: r[9], maintenance };
}
