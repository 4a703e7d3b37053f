// What the servers API adds to a row: the live health (monitoring) and the
// maintenance window a server is in now (maintenance service), as the fleet
// view shows them; without those services, the state last persisted.
import type { Runtime } from "../../runtime";
import type { THostState } from "../../health/health.types";
import type { TMaintenanceMark } from "../../maintenance/maintenance-mark";

export type ServerLive = { health: THostState; since: number; reason: string | null } | null;
export type ServerLiveView = (serverId: string) => { live: ServerLive; maintenance: TMaintenanceMark | null };

export const NO_LIVE_VIEW: ServerLiveView = () => ({ live: null, maintenance: null });

export function serverLiveView(rt: Pick<Runtime, "services">): ServerLiveView {
  return (id) => {
    const h = rt.services.monitoring?.hostDetail(id)?.host;
    return {
      live: h ? { health: h.health, since: h.since, reason: h.reason } : null,
      maintenance: h ? h.maintenance : (rt.services.maintenance?.markFor(id) ?? null),
    };
  };
}
