"use client";

import Link from "next/link";
import { memo, useCallback, useId, useState } from "react";
import type { FleetStore } from "@/components/realtime/fleet-store";
import { useFleetHost } from "@/components/realtime/socket-provider";
import { DEFAULT_POLL_MS, isStale, useClock } from "@/components/realtime/clock";
import type { TFleetHost } from "@/server/fleet/fleet.types";
import { formatDateTime } from "@/components/ui/format";
import { DataAge } from "./data-age";
import { StateBadge } from "./state-badge";
import { MaintenanceNote } from "./maintenance-note";
import { claimsFreshData, displayState, STATE_LABEL } from "./host-state";
import styles from "./fleet.module.css";

function level(v: number | null): "warn" | "crit" | undefined {
  if (v === null) return undefined;
  return v >= 90 ? "crit" : v >= 75 ? "warn" : undefined;
}

function MiniBar({ label, value }: { label: string; value: number | null }) {
  return (
    <span className={styles.metric} data-level={level(value)}>
      <span className={styles.metricText}>
        <span className={styles.metricLabel}>{label}</span> {value === null ? "—" : `${value}%`}
      </span>
      <span className={styles.track} aria-hidden="true">
        {value === null ? null : <span className={styles.fill} style={{ width: `${Math.min(100, Math.max(0, value))}%` }} />}
      </span>
    </span>
  );
}

function Details({ host, id }: { host: TFleetHost; id: string }) {
  const state = displayState(host);
  return (
    <div role="tooltip" id={id} className={styles.tip} data-state={state}>
      <p className={styles.tipTitle}>
        <strong>{host.name}</strong> <span className="mono">{host.address}</span>
      </p>
      <p>
        {STATE_LABEL[host.maintenance ? host.health : state]} since {formatDateTime(new Date(host.since).toISOString())}
      </p>
      {host.maintenance ? (
        <p className={styles.tipReason}>
          Maintenance window <MaintenanceNote maintenance={host.maintenance} health={host.health} />
        </p>
      ) : null}
      {host.reason ? <p className={styles.tipReason}>{host.reason}</p> : null}
      <p className="muted">
        {host.site?.name ?? "No site"}
        {host.tags.length ? ` · ${host.tags.join(", ")}` : ""}
      </p>
      {host.lastSampleAt !== null ? <p className="muted">Last sample {formatDateTime(new Date(host.lastSampleAt).toISOString())}</p> : <p className="muted">No sample yet</p>}
      {host.load1 !== null || host.lag !== null ? (
        <p className="muted">
          {host.load1 !== null ? `load ${host.load1}` : ""}
          {host.load1 !== null && host.lag !== null ? " · " : ""}
          {host.lag !== null ? `replication lag ${host.lag} s` : ""}
        </p>
      ) : null}
    </div>
  );
}

/** One server on the Fleet page: re-renders when its own row changes or its staleness flips, never for its neighbours. */
export const HostTile = memo(function HostTile({ store, id, pos }: { store: FleetStore; id: string; pos: string }) {
  const host = useFleetHost(store, id);
  const at = host?.lastSampleAt ?? null;
  // Stale after three missed polls of this server's own interval.
  const staleAfterMs = 3 * (host?.pollMs ?? DEFAULT_POLL_MS);
  const stale = useClock(
    useCallback((now: number) => isStale(at, now, staleAfterMs), [at, staleAfterMs]),
    false,
  );
  const tipId = useId();
  // The details exist only while hovered or focused: thousands of hidden tooltips would cost every scroll and every delta.
  const [details, setDetails] = useState(false);
  if (!host) return <div className={styles.cell} />;
  const state = displayState(host);
  // A state that claims fresh data but has none is shown as doubtful.
  const doubtful = stale && host.enabled && claimsFreshData(host.health) && at !== null;
  return (
    <div
      className={styles.cell}
      onMouseEnter={() => setDetails(true)}
      onMouseLeave={() => setDetails(false)}
      onFocus={() => setDetails(true)}
      onBlur={() => setDetails(false)}
    >
      <Link
        href={`/servers/${host.id}`}
        prefetch={false}
        className={styles.tile}
        data-state={state}
        data-stale={stale || undefined}
        data-pos={pos}
        aria-describedby={tipId}
      >
        {/* The spaces between parts keep the link's accessible name readable ("web-1 just now Up cpu 3% …"); grid layout ignores them. */}
        <span className={styles.name}>{host.name}</span>{" "}
        <DataAge at={at} staleAfterMs={staleAfterMs} className={styles.age} />{" "}
        <span className={styles.state}>
          <StateBadge state={state} stale={doubtful} size="sm" />
        </span>{" "}
        <span className={styles.metrics}>
          <MiniBar label="cpu" value={host.cpu} /> <MiniBar label="mem" value={host.mem} /> <MiniBar label="disk" value={host.disk} />
        </span>{" "}
        {host.maintenance ? (
          <MaintenanceNote className={styles.reason} maintenance={host.maintenance} health={host.health} />
        ) : host.reason ? (
          <span className={styles.reason}>{host.reason}</span>
        ) : (
          <span className={`${styles.reason} ${styles.address}`}>{host.address}</span>
        )}
      </Link>
      {details ? <Details host={host} id={tipId} /> : null}
    </div>
  );
});
