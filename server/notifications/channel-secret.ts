// A channel's credentials are sealed together: a webhook URL often is the
// credential (Slack's and Teams' carry a token in the path), so only a preview
// of it is stored in the clear, for admins to recognise the channel by.
// Sealed per kind: WEBHOOK { url, signingSecret? }, TEAMS { url },
// PAGERDUTY { routingKey }, EMAIL { password } (none without SMTP auth).
import { z } from "zod";
import type { SecretBox } from "../crypto/secret-box";
import { PAGERDUTY_EVENTS_URL, ZChannelFormat, ZSmtpTlsMode } from "./channels.types";

const ZSealedChannel = z.object({ url: z.string().optional(), signingSecret: z.string().optional(), routingKey: z.string().optional(), password: z.string().optional() });
export type TSealedChannel = z.infer<typeof ZSealedChannel>;

const ZSmtpConfig = z.object({
  host: z.string(),
  port: z.number().int(),
  tlsMode: ZSmtpTlsMode.catch("starttls"),
  rejectUnauthorized: z.boolean().catch(true),
  ca: z.string().nullable().catch(null),
  username: z.string().nullable().catch(null),
  from: z.string(),
  to: z.array(z.string()),
});
export type TSmtpConfig = z.infer<typeof ZSmtpConfig>;

/**
 * What `config` holds: nothing that lets anyone post to the receiver. The
 * PagerDuty events URL is public (the routing key is the credential); SMTP
 * settings are in the clear but for the password.
 */
const ZChannelConfig = z.object({
  format: ZChannelFormat.catch("json"),
  urlPreview: z.string().catch(""),
  eventsUrl: z.string().catch(PAGERDUTY_EVENTS_URL),
  smtp: ZSmtpConfig.nullable().catch(null),
});
export type TChannelConfig = z.infer<typeof ZChannelConfig>;

export function sealChannel(box: SecretBox, secret: TSealedChannel): Uint8Array<ArrayBuffer> {
  return new Uint8Array(box.seal(JSON.stringify(secret)));
}

/** Throws SecretBoxError when TANDEM_SECRET changed since the URL was sealed. */
export function openChannel(box: SecretBox, sealed: Uint8Array): TSealedChannel {
  return ZSealedChannel.parse(JSON.parse(box.open(sealed)));
}

/** Opened, or null when it cannot be (missing, or sealed under another TANDEM_SECRET). */
export function tryOpenChannel(box: SecretBox, sealed: Uint8Array | null): TSealedChannel | null {
  if (!sealed) return null;
  try {
    return openChannel(box, sealed);
  } catch {
    return null;
  }
}

export function readChannelConfig(config: unknown): TChannelConfig {
  return ZChannelConfig.parse(config ?? {});
}

/** "https://hooks.slack.com/…/x7Qa": scheme, host and the last 4 characters of the path; no query, no credentials. */
export function urlPreviewOf(url: string): string {
  const u = new URL(url);
  const path = u.pathname.replace(/\/+$/, "");
  const tail = path.length > 1 ? `/…/${path.slice(-4).replace(/^\//, "")}` : "";
  return `${u.protocol}//${u.host}${tail}`;
}
