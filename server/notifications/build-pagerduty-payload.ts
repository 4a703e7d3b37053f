// PagerDuty Events API v2 bodies (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/).
// Tandem's dedup key is PagerDuty's `dedup_key`, so the incident a fire opens
// is acknowledged and resolved by Tandem's acknowledge and resolve. The
// routing key is the credential: it is sealed with the channel and added only
// when sending (attempt-delivery.ts), never stored in the delivery log.
import { createHash } from "node:crypto";
import type { TAlert, TSeverity } from "../alerts/alerts.types";
import { alertFactList, alertMessage, plainHeadline, type BuildPayloadOptions, type TPayloadEvent } from "./build-payload";

export type TPagerDutyAction = "trigger" | "acknowledge" | "resolve";
export type TPagerDutySeverity = "critical" | "error" | "warning" | "info";

const SEVERITY: Record<TSeverity, TPagerDutySeverity> = { CRITICAL: "critical", WARNING: "warning", INFO: "info" };

export function pagerDutyAction(event: TPayloadEvent): TPagerDutyAction {
  return event === "acknowledged" ? "acknowledge" : event === "resolved" ? "resolve" : "trigger";
}

/** PagerDuty caps dedup_key at 255 characters; a longer key is hashed so it stays the same for every event of the alert. */
export function pagerDutyDedupKey(alert: Pick<TAlert, "id" | "dedupKey" | "source">): string {
  // A test has no real alert: its own key, so it never touches a real incident.
  const key = alert.source === "test" ? `tandem-test:${alert.id}` : alert.dedupKey;
  return key.length <= 255 ? key : `sha256:${createHash("sha256").update(key).digest("hex")}`;
}

export function pagerDutyEvent(event: TPayloadEvent, alert: TAlert, opts: BuildPayloadOptions): Record<string, unknown> {
  const action = pagerDutyAction(event);
  const links = opts.alertUrl ? { links: [{ href: opts.alertUrl, text: "Open in Tandem" }], client: "Tandem", client_url: opts.alertUrl } : { client: "Tandem" };
  const base = { event_action: action, dedup_key: pagerDutyDedupKey(alert), ...links };
  // Acknowledge and resolve need only the key; PagerDuty ignores a payload on them.
  if (action !== "trigger") return base;
  const facts = Object.fromEntries(alertFactList(alert).map((f) => [f.title, f.value]));
  const message = alertMessage(alert);
  return {
    ...base,
    payload: {
      summary: plainHeadline(event, alert).slice(0, 1024),
      source: alert.server?.name ?? alert.group?.name ?? "tandem",
      severity: SEVERITY[alert.severity],
      timestamp: opts.now.toISOString(),
      ...(alert.server ? { component: alert.server.name } : {}),
      ...(alert.group ? { group: alert.group.name } : {}),
      class: alert.source,
      custom_details: { event, alertId: alert.id, ...(message ? { message } : {}), ...facts },
    },
  };
}
