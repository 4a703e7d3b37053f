"use client";

import { useSyncExternalStore } from "react";
import { formatInZones, formatRangeInZones, viewerTimeZone } from "./zones";
import type { TOccurrence, TWindow, TWindowStatus } from "./types";

const noSubscribe = () => () => {};

/** The viewer's zone; null while rendering on the server, which does not know it. */
export function useViewerZone(): string | null {
  return useSyncExternalStore(noSubscribe, viewerTimeZone, () => null);
}

const STATUS: Record<TWindowStatus, { label: string; className: string }> = {
  active: { label: "Active", className: "badge badge-warning badge-dot" },
  scheduled: { label: "Scheduled", className: "badge badge-accent badge-dot" },
  ended: { label: "Ended", className: "badge badge-dot" },
  cancelled: { label: "Cancelled", className: "badge badge-danger" },
};

export function statusLabel(s: TWindowStatus): string {
  return STATUS[s].label;
}

export function WindowStatusBadge({ status }: { status: TWindowStatus }) {
  return (
    <span className={STATUS[status].className} data-status={status}>
      {STATUS[status].label}
    </span>
  );
}

/** What the window does while it runs. */
export function EffectBadges({ window: w }: { window: Pick<TWindow, "suppressAlerts" | "blockFailover" | "drainMembers"> }) {
  const effects = [w.suppressAlerts && "Suppresses alerts", w.blockFailover && "Blocks failover", w.drainMembers && "Drains members"].filter(Boolean) as string[];
  if (effects.length === 0) return <span className="muted">Marks only</span>;
  return (
    <>
      {effects.map((e) => (
        <span key={e} className="badge">
          {e}
        </span>
      ))}
    </>
  );
}

/** "Servers: web-1, web-2 · Groups: pg-fra1 · Tags: edge". */
export function scopeText(w: Pick<TWindow, "scope" | "scopeNames">): string {
  const names = (refs: { name: string }[]) => refs.map((r) => r.name).join(", ");
  const parts: string[] = [];
  if (w.scopeNames.servers.length) parts.push(`Servers: ${names(w.scopeNames.servers)}`);
  if (w.scopeNames.groups.length) parts.push(`Groups: ${names(w.scopeNames.groups)}`);
  if (w.scopeNames.sites.length) parts.push(`Sites: ${names(w.scopeNames.sites)}`);
  if (w.scope.tags.length) parts.push(`Tags: ${w.scope.tags.join(", ")}`);
  return parts.join(" · ") || "Nothing";
}

/** The server's recurrence text ("once", "every week on …") as a sentence start. */
export function recurrenceSentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An instant in the window's zone and the viewer's. */
export function ZonedTime({ iso, zone }: { iso: string; zone: string }) {
  const viewer = useViewerZone();
  return (
    <time dateTime={iso} title={iso}>
      {viewer ? formatInZones(iso, { windowZone: zone, viewerZone: viewer }) : iso}
    </time>
  );
}

/** An occurrence in the window's zone and the viewer's. */
export function ZonedRange({ occurrence, zone }: { occurrence: TOccurrence; zone: string }) {
  const viewer = useViewerZone();
  return (
    <time dateTime={occurrence.start} title={`${occurrence.start} – ${occurrence.end}`}>
      {viewer ? formatRangeInZones(occurrence.start, occurrence.end, { windowZone: zone, viewerZone: viewer }) : `${occurrence.start} – ${occurrence.end}`}
    </time>
  );
}

/** The running occurrence ("Active until …"), else the next one, else none. */
export function WhenText({ window: w }: { window: Pick<TWindow, "activeOccurrence" | "nextOccurrence" | "timezone"> }) {
  if (w.activeOccurrence)
    return (
      <>
        Active now: <ZonedRange occurrence={w.activeOccurrence} zone={w.timezone} />
      </>
    );
  if (w.nextOccurrence)
    return (
      <>
        Next: <ZonedRange occurrence={w.nextOccurrence} zone={w.timezone} />
      </>
    );
  return <span className="muted">No occurrence to come</span>;
}
