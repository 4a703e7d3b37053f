// The bodies Tandem posts to webhooks, built once when the event happens and
// stored on the delivery row, so retries send exactly what was first built.
// "json" is Tandem's own shape (the alert DTO, versioned); "slack" is what a
// Slack incoming webhook (and Mattermost, Rocket.Chat) accepts. PagerDuty,
// email and Teams have builders of their own (build-channel-payload.ts picks).
import { randomUUID } from "node:crypto";
import type { TAlert, TSeverity } from "../alerts/alerts.types";
import type { TChannelFormat, TNotifyEvent } from "./channels.types";

export type TPayloadEvent = TNotifyEvent | "test";

export const SEVERITY_COLORS: Record<TSeverity, string> = { CRITICAL: "#d92d20", WARNING: "#f79009", INFO: "#2e90fa" };
export const RESOLVED_COLOR = "#12b76a";

const SEVERITY_EMOJI: Record<TSeverity, string> = { CRITICAL: ":rotating_light:", WARNING: ":warning:", INFO: ":information_source:" };
const EVENT_LABEL: Record<TPayloadEvent, { emoji?: string; label: string }> = {
  fired: { label: "" },
  escalated: { emoji: ":arrow_double_up:", label: "ESCALATED " },
  repeated: { emoji: ":repeat:", label: "STILL FIRING " },
  acknowledged: { emoji: ":eyes:", label: "ACKNOWLEDGED " },
  resolved: { emoji: ":white_check_mark:", label: "RESOLVED " },
  test: { emoji: ":test_tube:", label: "TEST " },
};

export type BuildPayloadOptions = { now: Date; /** Link to the alert's page, when Tandem knows its public URL. */ alertUrl?: string | null };

export function buildPayload(format: TChannelFormat, event: TPayloadEvent, alert: TAlert, opts: BuildPayloadOptions): Record<string, unknown> {
  return format === "slack" ? slackPayload(event, alert, opts) : jsonPayload(event, alert, opts);
}

/** "RESOLVED [CRITICAL] db-fra1-01 is DOWN": the headline without Slack's emoji, for email subjects and Teams cards. */
export function plainHeadline(event: TPayloadEvent, alert: Pick<TAlert, "severity" | "title">): string {
  return `${EVENT_LABEL[event].label}[${alert.severity}] ${alert.title}`;
}

export type AlertFact = { title: string; value: string; /** too long to sit beside another */ long?: boolean };

/** The alert's facts, in the order every human-facing body lists them. */
export function alertFactList(alert: TAlert): AlertFact[] {
  const facts: AlertFact[] = [];
  const add = (title: string, value: string | null | undefined, long = false) => {
    if (value) facts.push({ title, value, ...(long ? { long } : {}) });
  };
  add("Server", alert.server?.name);
  add("Group", alert.group?.name);
  add("Source", alert.source);
  add("State", alert.state);
  add("First seen", alert.firstSeenAt);
  if (alert.count > 1) add("Seen", `${alert.count} times`);
  if (alert.flapping) add("Flapping", "changes state repeatedly; resolves once stable");
  if (alert.acknowledgedBy) add("Acknowledged by", alert.ackComment ? `${alert.acknowledgedBy}: ${alert.ackComment}` : alert.acknowledgedBy, true);
  if (alert.resolvedAt) add("Resolved", [alert.resolvedBy, alert.resolution].filter(Boolean).join(": ") || alert.resolvedAt, true);
  return facts;
}

/** The alert's own message, when its source gave one. */
export const alertMessage = (alert: TAlert): string => (typeof alert.details.message === "string" ? alert.details.message : "");

function jsonPayload(event: TPayloadEvent, alert: TAlert, opts: BuildPayloadOptions) {
  // A plain copy: the stored payload must not share objects with the caller's alert.
  return { version: 1, event, sentAt: opts.now.toISOString(), alert: structuredClone(alert), url: opts.alertUrl ?? null };
}

/** Slack treats &, < and > as markup (links, mentions); alert titles come from hosts and must not ping @channel. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function slackHeadline(event: TPayloadEvent, alert: Pick<TAlert, "severity" | "title">): string {
  const { emoji, label } = EVENT_LABEL[event];
  return `${emoji ?? SEVERITY_EMOJI[alert.severity]} ${label}[${alert.severity}] ${slackEscape(alert.title)}`;
}

function slackPayload(event: TPayloadEvent, alert: TAlert, opts: BuildPayloadOptions) {
  const fields = alertFactList(alert).map((f) => ({ title: f.title, value: slackEscape(f.value), short: !f.long }));
  return {
    text: slackHeadline(event, alert),
    attachments: [
      {
        color: event === "resolved" ? RESOLVED_COLOR : SEVERITY_COLORS[alert.severity],
        title: slackEscape(alert.title),
        ...(opts.alertUrl ? { title_link: opts.alertUrl } : {}),
        text: slackEscape(alertMessage(alert)),
        fields,
        ts: Math.floor(opts.now.getTime() / 1000),
      },
    ],
  };
}

/** The alert-shaped body of a "send test": INFO, clearly labelled, tied to no real alert. */
export function testAlert(now: Date): TAlert {
  const at = now.toISOString();
  return {
    id: randomUUID(),
    dedupKey: "test",
    source: "test",
    severity: "INFO",
    state: "FIRING",
    title: "Test notification from Tandem",
    server: null,
    group: null,
    operationId: null,
    ruleId: null,
    parentId: null,
    childCount: 0,
    count: 1,
    flapping: false,
    firstSeenAt: at,
    lastSeenAt: at,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ackComment: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    suppressed: false,
    suppressedReason: null,
    details: {},
  };
}
