import type { Prisma } from "../../db/client";
import { DEFAULT_POLL_INTERVAL_MS } from "./server-rules";
import type { TServer, TServerDetail } from "./servers.types";
import { effectiveState } from "../../fleet/fleet.types";
import { markToIso } from "../../maintenance/maintenance-mark";
import { NO_LIVE_VIEW, type ServerLiveView } from "./server-live-view";

export const serverSelect = {
  id: true,
  name: true,
  description: true,
  address: true,
  port: true,
  site: { select: { id: true, name: true } },
  credential: { select: { id: true, name: true } },
  tags: true,
  enabled: true,
  pollIntervalMs: true,
  agentMode: true,
  services: true,
  lagProbe: true,
  hostKeyFingerprint: true,
  hostKeyAlgorithm: true,
  state: true,
  stateSince: true,
  stateReason: true,
  lastSampleAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ServerSelect;

export const serverDetailSelect = { ...serverSelect, lastSample: true } satisfies Prisma.ServerSelect;

type ServerRow = Prisma.ServerGetPayload<{ select: typeof serverSelect }>;
type ServerDetailRow = Prisma.ServerGetPayload<{ select: typeof serverDetailSelect }>;

export function toServerDto(s: ServerRow, view: ServerLiveView = NO_LIVE_VIEW): TServer {
  const { live, maintenance } = view(s.id);
  const health = live?.health ?? s.state;
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    address: s.address,
    port: s.port,
    site: s.site,
    credential: s.credential,
    tags: s.tags,
    enabled: s.enabled,
    pollIntervalMs: s.pollIntervalMs,
    effectivePollIntervalMs: s.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    agentMode: s.agentMode,
    services: s.services,
    lagProbe: s.lagProbe,
    hostKeyFingerprint: s.hostKeyFingerprint,
    hostKeyAlgorithm: s.hostKeyAlgorithm,
    state: effectiveState(health, maintenance),
    health,
    stateSince: live ? new Date(live.since).toISOString() : s.stateSince.toISOString(),
    stateReason: live ? live.reason : s.stateReason,
    maintenance: markToIso(maintenance),
    lastSampleAt: s.lastSampleAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function toServerDetailDto(s: ServerDetailRow, view?: ServerLiveView): TServerDetail {
  return { ...toServerDto(s, view), lastSample: s.lastSample ?? null };
}
