import type { Prisma } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import type { TSeverity } from "../alerts/alerts.types";
import type { TChannelKind } from "./channels.types";
import { readChannelConfig, tryOpenChannel } from "./channel-secret";
import { ZChannelScope, type TChannel } from "./channels.types";

type ChannelRow = {
  id: string;
  name: string;
  kind: TChannelKind;
  enabled: boolean;
  config: unknown;
  secretCiphertext: Uint8Array | null;
  minSeverity: TSeverity;
  scope: unknown;
  repeatIntervalMinutes: number;
  createdAt: Date;
  updatedAt: Date;
  deliveries: { state: string; createdAt: Date; sentAt: Date | null; lastError: string | null }[];
};

/** The latest delivery rides along for the list's "last delivery" column. */
export const channelInclude = {
  deliveries: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1 },
} satisfies Prisma.NotificationChannelInclude;

/** Stored scope read leniently: a row written by an older version lists rather than failing the page. */
export function readChannelScope(scope: unknown) {
  const r = ZChannelScope.safeParse(scope ?? {});
  return r.success ? r.data : {};
}

export function toChannelDto(box: SecretBox, c: ChannelRow): TChannel {
  const config = readChannelConfig(c.config);
  // Opened only to tell what is set; unreadable is listed, never fatal to the list.
  const secret = tryOpenChannel(box, c.secretCiphertext);
  const last = c.deliveries[0];
  const smtp = c.kind === "EMAIL" ? config.smtp : null;
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    enabled: c.enabled,
    format: c.kind === "WEBHOOK" ? config.format : "json",
    urlPreview: c.kind === "EMAIL" ? "" : config.urlPreview,
    hasSigningSecret: c.kind === "WEBHOOK" && secret?.signingSecret !== undefined,
    // An email channel without SMTP auth has nothing sealed, and nothing unreadable.
    secretReadable: c.secretCiphertext === null ? c.kind === "EMAIL" : secret !== null,
    email: smtp
      ? {
          host: smtp.host,
          port: smtp.port,
          tlsMode: smtp.tlsMode,
          rejectUnauthorized: smtp.rejectUnauthorized,
          hasCa: smtp.ca !== null,
          username: smtp.username,
          hasPassword: secret?.password !== undefined,
          from: smtp.from,
          to: smtp.to,
        }
      : null,
    minSeverity: c.minSeverity,
    scope: readChannelScope(c.scope),
    repeatIntervalMinutes: c.repeatIntervalMinutes,
    lastDelivery: last ? { state: last.state, at: (last.sentAt ?? last.createdAt).toISOString(), error: last.state === "SENT" ? null : last.lastError } : null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
