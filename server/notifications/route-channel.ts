// Whether one alert event goes to one channel: routing (enabled, severity,
// scope, source) then the flood guard. Pure, so the rules are tested without a
// database; the caller looks up the alert's server facts and recent deliveries.
import { severityRank, type TSeverity } from "../alerts/alerts.types";
import type { TChannelScope, TNotifyEvent } from "./channels.types";
import { scopeMatches } from "../alerts/scope";

/** A channel sends at most this many notifications a minute; beyond, all but recoveries are dropped. */
export const CHANNEL_MAX_PER_MINUTE = 60;

export type AlertFacts = {
  severity: TSeverity;
  source: string;
  serverId: string | null;
  siteId: string | null;
  tags: string[];
  /** The alert's group and every group its server belongs to. */
  groupIds: string[];
};

export type ChannelRouting = {
  enabled: boolean;
  minSeverity: TSeverity;
  scope: TChannelScope;
  repeatIntervalMinutes: number;
  /** The receiver keeps the alert's state (PagerDuty): an acknowledge syncs it, so the flood guard never holds it back. */
  syncsState?: boolean;
};

export type RecentDeliveries = {
  /** When the newest non-dropped delivery of this alert to this channel was created. */
  lastForAlertAt: Date | null;
  /** Non-dropped deliveries created for this channel in the last minute. */
  channelLastMinute: number;
};

export type RouteDecision = "send" | "skip" | { drop: string };

/** The source filter, then the scope as rules match it (shared with server/alerts/scope.ts). */
export function channelScopeMatches(scope: TChannelScope, a: AlertFacts): boolean {
  if (scope.sources?.length && !scope.sources.includes(a.source as never)) return false;
  return scopeMatches(scope, a);
}

/**
 * Whether the channel is meant to hear of this alert at all. Acknowledged and
 * resolved are routed with the alert's severity like the fire, so they reach
 * exactly the channels that were told of it.
 */
export function channelWants(channel: ChannelRouting, alert: AlertFacts): boolean {
  return channel.enabled && severityRank[alert.severity] >= severityRank[channel.minSeverity] && channelScopeMatches(channel.scope, alert);
}

/**
 * `toldOfAlert`: the channel was sent an earlier event of this alert. Its
 * resolved notice then always goes, even when the routing no longer matches
 * (the channel's severity or filters were edited since): whoever heard of the
 * fire hears of the recovery, and a PagerDuty incident Tandem opened is closed.
 */
export function routeDecision(channel: ChannelRouting, alert: AlertFacts, event: TNotifyEvent, recent: RecentDeliveries, now: Date, toldOfAlert = false): RouteDecision {
  const stillTold = event === "resolved" && toldOfAlert && channel.enabled;
  if (!stillTold && !channelWants(channel, alert)) return "skip";

  const guarded = event === "repeated" || event === "escalated" || (event === "acknowledged" && !channel.syncsState);
  if (guarded) {
    const windowMs = channel.repeatIntervalMinutes * 60_000;
    if (recent.lastForAlertAt && now.getTime() - recent.lastForAlertAt.getTime() < windowMs) {
      const ago = Math.max(0, Math.round((now.getTime() - recent.lastForAlertAt.getTime()) / 1000));
      return { drop: `flood guard: a notification for this alert went to this channel ${ago} s ago (repeat interval ${channel.repeatIntervalMinutes} min)` };
    }
  }
  // A recovery notice always goes, so nobody is left believing an alert still fires.
  if (event !== "resolved" && recent.channelLastMinute >= CHANNEL_MAX_PER_MINUTE) {
    return { drop: `flood guard: ${recent.channelLastMinute} notifications went to this channel in the last minute (at most ${CHANNEL_MAX_PER_MINUTE})` };
  }
  return "send";
}
