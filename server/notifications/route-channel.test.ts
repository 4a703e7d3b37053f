import { describe, expect, it } from "vitest";
import { CHANNEL_MAX_PER_MINUTE, routeDecision, channelScopeMatches, type AlertFacts, type ChannelRouting } from "./route-channel";
import { retryDelayMs } from "./retry-policy";
import { urlPreviewOf } from "./channel-secret";

const now = new Date("2026-11-26T14:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const channel: ChannelRouting = { enabled: true, minSeverity: "WARNING", scope: {}, repeatIntervalMinutes: 15 };
const alert: AlertFacts = { severity: "CRITICAL", source: "cpu", serverId: "srv-1", siteId: "site-1", tags: ["db", "prod"], groupIds: ["grp-1"] };
const quiet = { lastForAlertAt: null, channelLastMinute: 0 };

describe("routing", () => {
  it("skips disabled channels and alerts below the channel's severity", () => {
    expect(routeDecision({ ...channel, enabled: false }, alert, "fired", quiet, now)).toBe("skip");
    expect(routeDecision({ ...channel, minSeverity: "CRITICAL" }, { ...alert, severity: "WARNING" }, "fired", quiet, now)).toBe("skip");
    expect(routeDecision({ ...channel, minSeverity: "CRITICAL" }, alert, "fired", quiet, now)).toBe("send");
  });

  it("routes acknowledged and resolved like the fire (by the alert's severity)", () => {
    const critOnly = { ...channel, minSeverity: "CRITICAL" as const };
    expect(routeDecision(critOnly, { ...alert, severity: "WARNING" }, "resolved", quiet, now)).toBe("skip");
    expect(routeDecision(critOnly, alert, "resolved", quiet, now)).toBe("send");
  });

  it("sends the resolve to a channel told of the alert even when its routing no longer matches, unless it is disabled", () => {
    const critOnly = { ...channel, minSeverity: "CRITICAL" as const, scope: { sources: ["disk" as const] } };
    const warning = { ...alert, severity: "WARNING" as const };
    expect(routeDecision(critOnly, warning, "resolved", quiet, now, true)).toBe("send");
    expect(routeDecision(critOnly, warning, "resolved", quiet, now, false)).toBe("skip");
    expect(routeDecision(critOnly, warning, "acknowledged", quiet, now, true)).toBe("skip");
    expect(routeDecision({ ...critOnly, enabled: false }, warning, "resolved", quiet, now, true)).toBe("skip");
  });

  it("never holds back an acknowledge to a receiver that keeps the alert's state (PagerDuty)", () => {
    const recent = { lastForAlertAt: ago(1), channelLastMinute: 1 };
    expect(routeDecision(channel, alert, "acknowledged", recent, now)).toMatchObject({ drop: expect.stringMatching(/^flood guard/) });
    expect(routeDecision({ ...channel, syncsState: true }, alert, "acknowledged", recent, now)).toBe("send");
    expect(routeDecision({ ...channel, syncsState: true }, alert, "repeated", recent, now)).toMatchObject({ drop: expect.stringMatching(/^flood guard/) });
  });

  it("matches every non-empty scope list; empty lists match all", () => {
    expect(channelScopeMatches({}, alert)).toBe(true);
    expect(channelScopeMatches({ siteIds: [], tags: [] }, alert)).toBe(true);
    expect(channelScopeMatches({ siteIds: ["site-1"], tags: ["prod"] }, alert)).toBe(true);
    expect(channelScopeMatches({ siteIds: ["site-1"], tags: ["web"] }, alert)).toBe(false);
    expect(channelScopeMatches({ serverIds: ["srv-2"] }, alert)).toBe(false);
    expect(channelScopeMatches({ groupIds: ["grp-1"] }, alert)).toBe(true);
    expect(channelScopeMatches({ sources: ["memory"] }, alert)).toBe(false);
    expect(channelScopeMatches({ sources: ["cpu"] }, alert)).toBe(true);
  });

  it("sends an alert without server or group only to channels not scoped to servers", () => {
    const bare: AlertFacts = { severity: "CRITICAL", source: "disk", serverId: null, siteId: null, tags: [], groupIds: [] };
    expect(channelScopeMatches({ sources: ["disk"] }, bare)).toBe(true);
    expect(channelScopeMatches({ tags: ["db"] }, bare)).toBe(false);
    expect(channelScopeMatches({ groupIds: ["grp-1"] }, bare)).toBe(false);
  });
});

describe("flood guard", () => {
  it("drops a repeat, escalation or ack within the repeat interval, with how long ago", () => {
    const recent = { lastForAlertAt: ago(120), channelLastMinute: 1 };
    for (const event of ["repeated", "escalated", "acknowledged"] as const) {
      expect(routeDecision(channel, alert, event, recent, now)).toEqual({
        drop: "flood guard: a notification for this alert went to this channel 120 s ago (repeat interval 15 min)",
      });
    }
    expect(routeDecision(channel, alert, "repeated", { lastForAlertAt: ago(15 * 60), channelLastMinute: 0 }, now)).toBe("send");
  });

  it("never holds back fired or resolved for the same alert", () => {
    const recent = { lastForAlertAt: ago(1), channelLastMinute: 1 };
    expect(routeDecision(channel, alert, "fired", recent, now)).toBe("send");
    expect(routeDecision(channel, alert, "resolved", recent, now)).toBe("send");
  });

  it("caps a channel at 60 a minute, except recoveries", () => {
    const busy = { lastForAlertAt: null, channelLastMinute: CHANNEL_MAX_PER_MINUTE };
    expect(routeDecision(channel, alert, "fired", { ...busy, channelLastMinute: CHANNEL_MAX_PER_MINUTE - 1 }, now)).toBe("send");
    expect(routeDecision(channel, alert, "fired", busy, now)).toEqual({ drop: "flood guard: 60 notifications went to this channel in the last minute (at most 60)" });
    expect(routeDecision(channel, alert, "resolved", busy, now)).toBe("send");
  });
});

describe("retry delay", () => {
  const policy = { maxAttempts: 6, baseDelayMs: 2000, maxDelayMs: 300_000, timeoutMs: 5000 };
  it("doubles from the base, capped, within ±10%", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 0.5))).toEqual([2000, 4000, 8000, 16000]);
    expect(retryDelayMs(20, policy, () => 0.5)).toBe(300_000);
    expect(retryDelayMs(1, policy, () => 0)).toBe(1800);
    expect(retryDelayMs(1, policy, () => 1)).toBe(2200);
  });
});

describe("url preview", () => {
  it("keeps scheme, host and the path's last 4 characters; drops query and credentials", () => {
    expect(urlPreviewOf("https://hooks.slack.com/services/T000/B000/XXXXXXXXx7Qa")).toBe("https://hooks.slack.com/…/x7Qa");
    expect(urlPreviewOf("https://user:pw@example.com:8443/hook?token=abc")).toBe("https://example.com:8443/…/hook");
    expect(urlPreviewOf("http://127.0.0.1:9000")).toBe("http://127.0.0.1:9000");
  });
});
