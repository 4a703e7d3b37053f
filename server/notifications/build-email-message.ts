// An alert event as an email: subject, plain text and HTML, built when the
// event happens and stored like any payload. Messages of one alert thread
// together: the fire sets a Message-ID the later events refer to.
import type { TAlert } from "../alerts/alerts.types";
import { alertFactList, alertMessage, plainHeadline, RESOLVED_COLOR, SEVERITY_COLORS, type BuildPayloadOptions, type TPayloadEvent } from "./build-payload";

export type TEmailMessage = { subject: string; text: string; html: string; messageId?: string; references?: string };

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** One Message-ID per alert: the fire's, which every later message of the alert refers to. */
export const alertMessageId = (alertId: string) => `<tandem-alert-${alertId}@tandem>`;

export function emailMessage(event: TPayloadEvent, alert: TAlert, opts: BuildPayloadOptions): TEmailMessage {
  const headline = plainHeadline(event, alert);
  // A subject is one line: a title with a newline in it must not add headers or lines.
  const subject = `[Tandem] ${headline}`.replace(/[\r\n]+/g, " ").slice(0, 250);
  const message = alertMessage(alert);
  const facts = [{ title: "Severity", value: alert.severity }, ...alertFactList(alert)];
  const footer = `Sent by Tandem at ${opts.now.toISOString()} (event: ${event}).`;

  const text = [
    headline,
    "",
    ...(message ? [message, ""] : []),
    ...facts.map((f) => `${f.title}: ${f.value}`),
    "",
    ...(opts.alertUrl ? [`Open in Tandem: ${opts.alertUrl}`, ""] : []),
    "-- ",
    footer,
    "",
  ].join("\n");

  const colour = event === "resolved" ? RESOLVED_COLOR : SEVERITY_COLORS[alert.severity];
  const rows = facts.map((f) => `<tr><th align="left" style="padding:2px 12px 2px 0;color:#475467">${escapeHtml(f.title)}</th><td style="padding:2px 0">${escapeHtml(f.value)}</td></tr>`).join("");
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:14px;color:#101828">`,
    `<h2 style="margin:0 0 8px;border-left:4px solid ${colour};padding-left:8px">${escapeHtml(headline)}</h2>`,
    message ? `<p>${escapeHtml(message)}</p>` : "",
    `<table cellspacing="0" cellpadding="0">${rows}</table>`,
    opts.alertUrl ? `<p><a href="${escapeHtml(opts.alertUrl)}">Open in Tandem</a></p>` : "",
    `<p style="color:#667085;font-size:12px">${escapeHtml(footer)}</p>`,
    `</body></html>`,
  ].join("");

  const thread = alert.source === "test" ? {} : event === "fired" ? { messageId: alertMessageId(alert.id) } : { references: alertMessageId(alert.id) };
  return { subject, text, html, ...thread };
}
