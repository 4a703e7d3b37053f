"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useRoom } from "@/components/realtime/socket-provider";
import { LiveIndicator } from "@/components/realtime/live-indicator";
import { formatDuration, isStale, noteServerTime, useClock } from "@/components/realtime/clock";
import { DataAge } from "@/components/fleet/data-age";
import { StateBadge } from "@/components/fleet/state-badge";
import { MaintenanceNote } from "@/components/fleet/maintenance-note";
import { claimsFreshData, displayState } from "@/components/fleet/host-state";
import { PageHeader } from "@/components/ui/page-header";
import { NextWindow } from "@/components/maintenance/next-window";
import { ClientTime } from "./client-time";
import { FLEET_EVENTS, type TFleetHost, type THostDetail, type THostSampleEvent } from "@/server/fleet/fleet.types";
import type { TAgentSample } from "@/server/agent/agent-sample.types";
import type { THostMetrics } from "@/server/health/health.types";
import type { THistoryPoint } from "@/server/history/history.types";
import type { TServer } from "@/server/inventory/servers/servers.types";
import { HistoryCharts } from "./history-charts";
import { HISTORY_RANGES, livePoint, type HistoryRange } from "./history-data";
import { ServerFacts } from "./server-facts";
import styles from "./server.module.css";

type Live = { host: TFleetHost; metrics: THostMetrics | null; sample: TAgentSample | null };

/** Live points are kept for the longest live range, plus a minute of slack. */
const LIVE_KEEP_MS = 3_660_000;
const NOT_FOUND_RETRY_MS = 15_000;

function fromInventory(s: TServer): TFleetHost {
  return {
    id: s.id,
    name: s.name,
    address: s.address,
    site: s.site,
    tags: s.tags,
    enabled: s.enabled,
    pollMs: s.effectivePollIntervalMs,
    state: s.state,
    health: s.health,
    since: Date.parse(s.stateSince),
    reason: s.stateReason,
    lastSampleAt: s.lastSampleAt ? Date.parse(s.lastSampleAt) : null,
    cpu: null,
    mem: null,
    disk: null,
    load1: null,
    lag: null,
    maintenance: s.maintenance ? { windowId: s.maintenance.windowId, title: s.maintenance.title, startedAt: Date.parse(s.maintenance.startedAt), endsAt: Date.parse(s.maintenance.endsAt) } : null,
  };
}

function Since({ since }: { since: number }) {
  const d = useClock((now) => formatDuration(now - since), "");
  return d ? <span className="muted">({d})</span> : null;
}

/** One server: its state and facts, live from the host room, and its history charts. */
export function ServerView({ server, initialSample }: { server: TServer; initialSample: TAgentSample | null }) {
  const [live, setLive] = useState<Live>(() => ({ host: fromInventory(server), metrics: null, sample: initialSample }));
  const [points, setPoints] = useState<THistoryPoint[]>([]);
  const [rejoins, setRejoins] = useState(0);
  const snapshots = useRef(0);

  const room = useRoom(`host:${server.id}`, {
    [FLEET_EVENTS.hostSnapshot]: (p) => {
      const d = p as THostDetail;
      if (d.host.id !== server.id) return;
      // Every snapshot after the first follows a reconnect: live points were missed.
      if (snapshots.current++ > 0) setRejoins((n) => n + 1);
      setLive((prev) => ({ host: d.host, metrics: d.metrics ?? prev.metrics, sample: d.sample ?? prev.sample }));
    },
    [FLEET_EVENTS.hostSample]: (p) => {
      const e = p as THostSampleEvent;
      if (e.id !== server.id) return;
      noteServerTime(e.at);
      setLive((prev) => ({ host: e.host, metrics: e.metrics ?? prev.metrics, sample: e.sample ?? prev.sample }));
      setPoints((prev) => [...prev.filter((q) => q.t >= e.at - LIVE_KEEP_MS), livePoint(e)]);
    },
  });

  // Not monitored (yet): a server added a moment ago is picked up on the next inventory reload.
  const { resync } = room;
  const notMonitored = room.room.phase === "error" && room.room.error?.code === "NOT_FOUND";
  useEffect(() => {
    if (!notMonitored) return;
    const t = setInterval(resync, NOT_FOUND_RETRY_MS);
    return () => clearInterval(t);
  }, [notMonitored, resync]);

  const pathname = usePathname();
  const searchParams = useSearchParams();
  const requested = searchParams.get("range");
  // Local state answers the click at once; the URL follows (and wins on back/forward).
  const fromUrl: HistoryRange = HISTORY_RANGES.find((r) => r.value === requested)?.value ?? "1h";
  const [range, setRangeState] = useState(fromUrl);
  const [seenUrlRange, setSeenUrlRange] = useState(fromUrl);
  if (fromUrl !== seenUrlRange) {
    setSeenUrlRange(fromUrl);
    setRangeState(fromUrl);
  }
  const setRange = (r: HistoryRange) => {
    setRangeState(r);
    const q = new URLSearchParams(searchParams.toString());
    if (r === "1h") q.delete("range");
    else q.set("range", r);
    const qs = q.toString();
    window.history.replaceState(null, "", qs ? `${pathname}?${qs}` : pathname);
  };

  const pollMs = server.effectivePollIntervalMs;
  const staleAfterMs = 3 * pollMs;
  const { host } = live;
  const state = displayState(host);
  const stale = useClock((now) => isStale(host.lastSampleAt, now, staleAfterMs), false);
  const doubtful = stale && host.enabled && claimsFreshData(host.health) && host.lastSampleAt !== null;

  return (
    <div className="page page-wide">
      <PageHeader
        parent={{ href: "/fleet", label: "Fleet" }}
        title={host.name}
        description={server.description || undefined}
        actions={<LiveIndicator connection={room.connection} room={notMonitored ? { phase: "joining", error: null } : room.room} />}
      />
      <div className="stack">
        {notMonitored ? (
          <div className="notice notice-warning" role="status">
            Tandem is not monitoring this server yet: new servers are picked up within a minute. Showing what was last recorded.
          </div>
        ) : null}
        <NextWindow serverId={server.id} />
        <section className={`panel ${styles.status}`} data-state={state} aria-label="Status">
          <div className={styles.statusMain}>
            <StateBadge state={state} stale={doubtful} size="lg" />
            <span>
              since <ClientTime iso={new Date(host.since).toISOString()} /> <Since since={host.since} />
            </span>
            <span className={styles.dataAge}>
              Data: <DataAge at={host.lastSampleAt} staleAfterMs={staleAfterMs} />
            </span>
          </div>
          {host.maintenance ? (
            <p className={styles.reason} data-testid="maintenance-note">
              In maintenance window <MaintenanceNote maintenance={host.maintenance} health={host.health} badge />
            </p>
          ) : null}
          {host.reason ? <p className={styles.reason}>{host.reason}</p> : null}
          {!host.enabled ? <p className="muted">Disabled in the inventory: Tandem does not poll it, so what is shown is the last thing it knew.</p> : null}
          <dl className={styles.meta}>
            <div>
              <dt>Address</dt>
              <dd className="mono">
                {host.address}
                {server.port !== 22 ? `:${server.port}` : ""}
              </dd>
            </div>
            <div>
              <dt>Site</dt>
              <dd>{host.site?.name ?? <span className="muted">No site</span>}</dd>
            </div>
            <div>
              <dt>Tags</dt>
              <dd>
                {host.tags.length ? (
                  <span className={styles.tags}>
                    {host.tags.map((t) => (
                      <span key={t} className="badge">
                        {t}
                      </span>
                    ))}
                  </span>
                ) : (
                  <span className="muted">none</span>
                )}
              </dd>
            </div>
            <div>
              <dt>Polled</dt>
              <dd>
                every {pollMs / 1000} s, {server.agentMode === "STREAM" ? "streamed" : "one exec per poll"}
              </dd>
            </div>
            <div>
              <dt>Host key</dt>
              <dd className="mono" title={server.hostKeyAlgorithm ?? undefined}>
                {server.hostKeyFingerprint ?? <span className="muted">not pinned yet</span>}
              </dd>
            </div>
          </dl>
        </section>

        <HistoryCharts serverId={server.id} range={range} onRangeChange={setRange} live={points} pollMs={pollMs} reconnects={rejoins} />

        <ServerFacts sample={live.sample} metrics={live.metrics} sampleAt={host.lastSampleAt} staleAfterMs={staleAfterMs} />
      </div>
    </div>
  );
}
