// Contracts of notification channels (webhooks, PagerDuty, email, Teams): what admins create and edit,
// what the API shows (never the URL's secret parts or the signing secret), the
// delivery log and "send test".
import { z } from "zod";
import { ALERT_SOURCES, ZDelivery, ZScope, ZSeverity } from "../alerts/alerts.types";

export const CHANNEL_FORMATS = ["json", "slack"] as const;
export const ZChannelFormat = z.enum(CHANNEL_FORMATS);
export type TChannelFormat = z.infer<typeof ZChannelFormat>;

/** Events that reach channels. Fired and resolved always go (a recovery notice is never dropped); the rest pass the flood guard. */
export const NOTIFY_EVENTS = ["fired", "escalated", "repeated", "acknowledged", "resolved"] as const;
export type TNotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** Channel routing: the alert's scope must match (empty = all), plus a source filter. */
export const ZChannelScope = ZScope.extend({ sources: z.array(z.enum(ALERT_SOURCES)).max(ALERT_SOURCES.length).optional() }).strict();
export type TChannelScope = z.infer<typeof ZChannelScope>;

// A webhook URL can carry a token in its path (Slack's and Teams' do): it is
// sealed; the API shows only scheme, host and a masked path.
const ZWebhookUrl = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
  .max(2048, "must be at most 2048 characters");

export const CHANNEL_KINDS = ["WEBHOOK", "PAGERDUTY", "EMAIL", "TEAMS"] as const;
export const ZChannelKind = z.enum(CHANNEL_KINDS);
export type TChannelKind = z.infer<typeof ZChannelKind>;

/** PagerDuty's Events API v2 endpoint; a channel may point elsewhere (a proxy, or a test receiver). */
export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

/**
 * How the SMTP connection is protected (nodemailer's options in brackets):
 * implicit TLS from the first byte, usually port 465 [secure]; STARTTLS
 * required, usually 587 [requireTLS]; STARTTLS when offered [default]; or
 * plain text, for a relay on localhost [ignoreTLS].
 */
export const SMTP_TLS_MODES = ["starttls", "implicit", "opportunistic", "none"] as const;
export const ZSmtpTlsMode = z.enum(SMTP_TLS_MODES);
export type TSmtpTlsMode = z.infer<typeof ZSmtpTlsMode>;

/** What the API shows of an email channel: everything but the password (and the CA only as set or not). */
export const ZEmailSettings = z.object({
  host: z.string(),
  port: z.number().int(),
  tlsMode: ZSmtpTlsMode,
  rejectUnauthorized: z.boolean(),
  hasCa: z.boolean(),
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  from: z.string(),
  to: z.array(z.string()),
});
export type TEmailSettings = z.infer<typeof ZEmailSettings>;

export const ZChannel = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: ZChannelKind,
  enabled: z.boolean(),
  /** WEBHOOK's body shape; other kinds have one shape each and say "json". */
  format: ZChannelFormat,
  /** e.g. "https://hooks.slack.com/…/x7Qa": enough to recognise, not to use. Empty for email. */
  urlPreview: z.string(),
  /** WEBHOOK only: requests carry an HMAC signature. */
  hasSigningSecret: z.boolean(),
  /** False when the sealed part cannot be opened (TANDEM_SECRET changed): deliveries fail until it is entered again. */
  secretReadable: z.boolean(),
  /** EMAIL only. */
  email: ZEmailSettings.nullable(),
  minSeverity: ZSeverity,
  scope: ZChannelScope,
  repeatIntervalMinutes: z.number().int(),
  /** The latest delivery, for the list. */
  lastDelivery: z.object({ state: z.string(), at: z.iso.datetime(), error: z.string().nullable() }).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TChannel = z.infer<typeof ZChannel>;
export const ZChannelList = z.object({ channels: z.array(ZChannel) });

const ZChannelName = z.string().trim().min(1, "is required").max(64).regex(/^[^\p{Cc}]+$/u, "must not contain control characters");
const ZSigningSecret = z.string().min(16, "must be at least 16 characters").max(256);
const ZRepeatInterval = z.number().int().min(1).max(1440);
/** PagerDuty integration keys are 32 characters; a little slack for other Events API v2 receivers. */
const ZRoutingKey = z.string().trim().min(20, "must be at least 20 characters").max(64).regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");
const ZSmtpHost = z.string().trim().min(1, "is required").max(253).regex(/^[A-Za-z0-9.\-:[\]]+$/, "must be a host name or an IP address");
const ZPort = z.number().int().min(1).max(65535);
const ZPemCa = z.string().max(65_536).regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, "must be PEM certificates (-----BEGIN CERTIFICATE-----)");
const ZSmtpUser = z.string().min(1).max(256);
const ZSmtpPassword = z.string().min(1).max(1024);
const ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;
/** "alerts@example.com" or "Tandem <alerts@example.com>". */
const ZFromAddress = z.string().trim().max(320).refine((v) => ADDRESS.test(v) || /^[^<>\p{Cc}]*<[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+>$/u.test(v), "must be an address, or a name and <address>");
const ZToList = z.array(z.string().trim().max(320).regex(ADDRESS, "must be an email address")).min(1, "needs at least one address").max(50);

/** Fields every kind has. */
const common = {
  name: ZChannelName,
  enabled: z.boolean().default(true),
  minSeverity: ZSeverity.default("WARNING"),
  scope: ZChannelScope.default({}),
  repeatIntervalMinutes: ZRepeatInterval.default(15),
};
const commonPatch = {
  name: ZChannelName.optional(),
  enabled: z.boolean().optional(),
  minSeverity: ZSeverity.optional(),
  scope: ZChannelScope.optional(),
  repeatIntervalMinutes: ZRepeatInterval.optional(),
};
const kindError = { error: `must be one of ${CHANNEL_KINDS.join(", ")} (WEBHOOK when left out)` };

// One strict object per kind: a field of another kind is refused by name.
// `kind` may be left out for a webhook, as before there were other kinds.
export const ZCreateChannelRequest = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("WEBHOOK").default("WEBHOOK"), ...common, url: ZWebhookUrl, format: ZChannelFormat.default("json"), signingSecret: ZSigningSecret.optional() }),
    z.strictObject({ kind: z.literal("TEAMS"), ...common, url: ZWebhookUrl }),
    z.strictObject({ kind: z.literal("PAGERDUTY"), ...common, routingKey: ZRoutingKey, url: ZWebhookUrl.default(PAGERDUTY_EVENTS_URL) }),
    z.strictObject({
      kind: z.literal("EMAIL"),
      ...common,
      host: ZSmtpHost,
      port: ZPort.optional(),
      tlsMode: ZSmtpTlsMode.default("starttls"),
      rejectUnauthorized: z.boolean().default(true),
      ca: ZPemCa.optional(),
      username: ZSmtpUser.optional(),
      password: ZSmtpPassword.optional(),
      from: ZFromAddress,
      to: ZToList,
    }),
  ],
  kindError,
);

/**
 * Secrets left out keep their sealed values; null removes an optional one. A
 * channel's kind cannot change: `kind`, when given, must be the stored one, and
 * is required to send fields of kinds other than WEBHOOK (`enabled` alone needs no kind).
 */
export const ZUpdateChannelRequest = z
  .discriminatedUnion(
    "kind",
    [
      z.strictObject({ kind: z.literal("WEBHOOK").optional(), ...commonPatch, url: ZWebhookUrl.optional(), format: ZChannelFormat.optional(), signingSecret: ZSigningSecret.nullable().optional() }),
      z.strictObject({ kind: z.literal("TEAMS"), ...commonPatch, url: ZWebhookUrl.optional() }),
      z.strictObject({ kind: z.literal("PAGERDUTY"), ...commonPatch, routingKey: ZRoutingKey.optional(), url: ZWebhookUrl.optional() }),
      z.strictObject({
        kind: z.literal("EMAIL"),
        ...commonPatch,
        host: ZSmtpHost.optional(),
        port: ZPort.optional(),
        tlsMode: ZSmtpTlsMode.optional(),
        rejectUnauthorized: z.boolean().optional(),
        ca: ZPemCa.nullable().optional(),
        username: ZSmtpUser.nullable().optional(),
        password: ZSmtpPassword.nullable().optional(),
        from: ZFromAddress.optional(),
        to: ZToList.optional(),
      }),
    ],
    kindError,
  )
  .refine((v) => Object.entries(v).some(([k, x]) => k !== "kind" && x !== undefined), { message: "must change at least one field" });
export type TCreateChannelRequest = z.infer<typeof ZCreateChannelRequest>;
export type TUpdateChannelRequest = z.infer<typeof ZUpdateChannelRequest>;

export const ZChannelIdParams = z.object({ id: z.uuid() });
export const ZDeliveryList = z.object({ deliveries: z.array(ZDelivery) });
export const ZDeliveryListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
/** "Send test": one attempt now, its outcome, and the delivery row it logged. */
export const ZTestChannelResponse = z.object({ ok: z.boolean(), status: z.number().int().nullable(), error: z.string().nullable(), delivery: ZDelivery });
export type TTestChannelResult = z.infer<typeof ZTestChannelResponse>;
export type TDeliveryListQuery = z.infer<typeof ZDeliveryListQuery>;
