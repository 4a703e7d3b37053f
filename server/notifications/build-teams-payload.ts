// A Microsoft Teams "workflow" webhook body (Workflows' "When a Teams webhook
// request is received" trigger): a message carrying one Adaptive Card 1.4 with
// the headline, the alert's facts, and a button to its page in Tandem.
import type { TAlert } from "../alerts/alerts.types";
import { alertFactList, alertMessage, plainHeadline, type BuildPayloadOptions, type TPayloadEvent } from "./build-payload";

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

/** Adaptive Cards' named colours: Attention is red, Warning amber, Accent blue, Good green. */
const COLOR = { CRITICAL: "Attention", WARNING: "Warning", INFO: "Accent" } as const;

export function teamsMessage(event: TPayloadEvent, alert: TAlert, opts: BuildPayloadOptions): Record<string, unknown> {
  const message = alertMessage(alert);
  const body: Record<string, unknown>[] = [
    { type: "TextBlock", text: plainHeadline(event, alert), weight: "Bolder", size: "Medium", wrap: true, color: event === "resolved" ? "Good" : COLOR[alert.severity] },
    ...(message ? [{ type: "TextBlock", text: message, wrap: true }] : []),
    { type: "FactSet", facts: [{ title: "Severity", value: alert.severity }, ...alertFactList(alert).map((f) => ({ title: f.title, value: f.value }))] },
    { type: "TextBlock", text: `Sent by Tandem at ${opts.now.toISOString()}`, isSubtle: true, size: "Small", wrap: true },
  ];
  return {
    type: "message",
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          msteams: { width: "Full" },
          body,
          // Action.OpenUrl needs a URL: without TANDEM_PUBLIC_URL the card has no button.
          ...(opts.alertUrl ? { actions: [{ type: "Action.OpenUrl", title: "Open in Tandem", url: opts.alertUrl }] } : {}),
        },
      },
    ],
  };
}
