// Contracts of notification channels (webhooks): what admins create and edit,
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

// A webhook URL can carry a token in its path (Slack's do): it is sealed with the
// signing secret; the API shows only scheme, host and a masked path.
const ZWebhookUrl = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
  .max(2048, "must be at most 2048 characters");

export const ZChannel = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.literal("WEBHOOK"),
  enabled: z.boolean(),
  format: ZChannelFormat,
  /** e.g. "https://hooks.slack.com/…/x7Qa": enough to recognise, not to use. */
  urlPreview: z.string(),
  hasSigningSecret: z.boolean(),
  /** False when the sealed URL cannot be opened (TANDEM_SECRET changed): deliveries fail until the URL is entered again. */
  secretReadable: z.boolean(),
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

export const ZCreateChannelRequest = z
  .object({
    name: ZChannelName,
    url: ZWebhookUrl,
    format: ZChannelFormat.default("json"),
    signingSecret: ZSigningSecret.optional(),
    enabled: z.boolean().default(true),
    minSeverity: ZSeverity.default("WARNING"),
    scope: ZChannelScope.default({}),
    repeatIntervalMinutes: z.number().int().min(1).max(1440).default(15),
  })
  .strict();
/** `url` and `signingSecret` left out keep their sealed values; `signingSecret: null` removes signing. */
export const ZUpdateChannelRequest = z
  .object({
    name: ZChannelName.optional(),
    url: ZWebhookUrl.optional(),
    format: ZChannelFormat.optional(),
    signingSecret: ZSigningSecret.nullable().optional(),
    enabled: z.boolean().optional(),
    minSeverity: ZSeverity.optional(),
    scope: ZChannelScope.optional(),
    repeatIntervalMinutes: z.number().int().min(1).max(1440).optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "must change at least one field" });
export type TCreateChannelRequest = z.infer<typeof ZCreateChannelRequest>;
export type TUpdateChannelRequest = z.infer<typeof ZUpdateChannelRequest>;

export const ZChannelIdParams = z.object({ id: z.uuid() });
export const ZDeliveryList = z.object({ deliveries: z.array(ZDelivery) });
export const ZDeliveryListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
/** "Send test": one attempt now, its outcome, and the delivery row it logged. */
export const ZTestChannelResponse = z.object({ ok: z.boolean(), status: z.number().int().nullable(), error: z.string().nullable(), delivery: ZDelivery });
export type TTestChannelResult = z.infer<typeof ZTestChannelResponse>;
export type TDeliveryListQuery = z.infer<typeof ZDeliveryListQuery>;
