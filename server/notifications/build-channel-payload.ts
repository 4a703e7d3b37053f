// The body each kind of channel gets for an alert event.
import type { TAlert } from "../alerts/alerts.types";
import type { TChannelFormat, TChannelKind } from "./channels.types";
import { buildPayload, type BuildPayloadOptions, type TPayloadEvent } from "./build-payload";
import { pagerDutyEvent } from "./build-pagerduty-payload";
import { teamsMessage } from "./build-teams-payload";
import { emailMessage } from "./build-email-message";

/** Which body a channel gets: one per kind, and per format for webhooks. Channels with the same shape share one built body. */
export function payloadShape(kind: TChannelKind, format: TChannelFormat): string {
  return kind === "WEBHOOK" ? `WEBHOOK:${format}` : kind;
}

export function buildChannelPayload(kind: TChannelKind, format: TChannelFormat, event: TPayloadEvent, alert: TAlert, opts: BuildPayloadOptions): Record<string, unknown> {
  switch (kind) {
    case "WEBHOOK":
      return buildPayload(format, event, alert, opts);
    case "PAGERDUTY":
      return pagerDutyEvent(event, alert, opts);
    case "TEAMS":
      return teamsMessage(event, alert, opts);
    case "EMAIL":
      return emailMessage(event, alert, opts);
  }
}
