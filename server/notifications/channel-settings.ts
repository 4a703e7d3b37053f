// From an API body to what is stored of a channel, per kind: `config` in the
// clear, the credentials sealed, and what the audit log may say (previews and
// "set/replaced/removed", never a URL, key or password).
import { AppError } from "../errors/app-error";
import { urlPreviewOf, type TChannelConfig, type TSealedChannel, type TSmtpConfig } from "./channel-secret";
import { PAGERDUTY_EVENTS_URL, type TChannelKind, type TCreateChannelRequest, type TUpdateChannelRequest } from "./channels.types";

export type StoredSettings = { config: TChannelConfig; sealed: TSealedChannel | null; audit: Record<string, unknown> };

const defaultPort = (tlsMode: TSmtpConfig["tlsMode"]) => (tlsMode === "implicit" ? 465 : 587);

function smtpAudit(s: TSmtpConfig) {
  return { host: s.host, port: s.port, tlsMode: s.tlsMode, rejectUnauthorized: s.rejectUnauthorized, ca: s.ca !== null, username: s.username, from: s.from, to: s.to };
}

export function settingsOfNew(input: TCreateChannelRequest): StoredSettings {
  const base = { format: "json" as const, urlPreview: "", eventsUrl: PAGERDUTY_EVENTS_URL, smtp: null };
  switch (input.kind) {
    case "WEBHOOK": {
      const urlPreview = urlPreviewOf(input.url);
      return {
        config: { ...base, format: input.format, urlPreview },
        sealed: { url: input.url, ...(input.signingSecret ? { signingSecret: input.signingSecret } : {}) },
        audit: { format: input.format, urlPreview, signed: input.signingSecret !== undefined },
      };
    }
    case "TEAMS": {
      const urlPreview = urlPreviewOf(input.url);
      return { config: { ...base, urlPreview }, sealed: { url: input.url }, audit: { urlPreview } };
    }
    case "PAGERDUTY":
      return { config: { ...base, eventsUrl: input.url, urlPreview: urlPreviewOf(input.url) }, sealed: { routingKey: input.routingKey }, audit: { eventsUrl: input.url } };
    case "EMAIL": {
      if ((input.password === undefined) !== (input.username === undefined)) throw input.password === undefined ? authNeedsPassword() : authNeedsUser();
      const smtp: TSmtpConfig = {
        host: input.host,
        port: input.port ?? defaultPort(input.tlsMode),
        tlsMode: input.tlsMode,
        rejectUnauthorized: input.rejectUnauthorized,
        ca: input.ca ?? null,
        username: input.username ?? null,
        from: input.from,
        to: input.to,
      };
      return { config: { ...base, smtp }, sealed: input.password !== undefined ? { password: input.password } : null, audit: { ...smtpAudit(smtp), password: input.password !== undefined } };
    }
  }
}

/** Fields a body without `kind` may carry for a channel of each kind (the webhook schema parsed it). */
const UNTYPED_OK: Record<TChannelKind, string[]> = {
  WEBHOOK: ["url", "format", "signingSecret"],
  TEAMS: ["url"],
  PAGERDUTY: ["url"],
  EMAIL: [],
};
const COMMON = ["kind", "name", "enabled", "minSeverity", "scope", "repeatIntervalMinutes"];

/** Refuses a body meant for another kind: kinds never change, and a field of another kind is named. */
export function assertFitsKind(kind: TChannelKind, input: TUpdateChannelRequest): void {
  if (input.kind !== undefined && input.kind !== kind) {
    throw new AppError("CONFLICT", `This channel is ${kind}; a channel's kind cannot change (create a new channel instead)`, {
      fields: [{ path: "body.kind", message: `must be ${kind}, the channel's kind` }],
    });
  }
  if (input.kind === undefined) {
    const foreign = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined && !COMMON.includes(k) && !UNTYPED_OK[kind].includes(k));
    if (foreign.length) {
      throw new AppError("VALIDATION", `${foreign.map((k) => `body.${k}`).join(", ")} ${foreign.length > 1 ? "are not fields" : "is not a field"} of a ${kind} channel`, {
        fields: foreign.map((k) => ({ path: `body.${k}`, message: `is not a field of a ${kind} channel` })),
      });
    }
  }
}

/**
 * The stored settings after an edit. `stored` is the opened sealed part, or
 * null when it cannot be opened: then a change that needs it must re-enter it.
 */
export function settingsAfterEdit(kind: TChannelKind, name: string, before: TChannelConfig, stored: TSealedChannel | null, hadSealed: boolean, input: TUpdateChannelRequest): StoredSettings & { resealed: boolean } {
  const i = input as Partial<Record<string, unknown>>;
  const audit: Record<string, unknown> = {};
  const diff = (key: string, from: unknown, to: unknown) => {
    if (to !== undefined && JSON.stringify(from) !== JSON.stringify(to)) audit[key] = { from, to };
  };
  const secretChange = (key: string) => {
    if (i[key] === null) audit[key] = "removed";
    else if (i[key] !== undefined) audit[key] = "replaced";
  };
  const needStored = (field: string, what: string) => {
    if (stored === null) {
      throw new AppError("CONFLICT", `The ${what} of channel ${name} cannot be opened (was TANDEM_SECRET changed?); enter it again`, {
        fields: [{ path: `body.${field}`, message: `is required: the stored ${what} cannot be opened` }],
      });
    }
  };
  const config: TChannelConfig = { ...before };
  let sealed: TSealedChannel | null = stored;
  let resealed = false;

  if (kind === "WEBHOOK" || kind === "TEAMS") {
    const url = i.url as string | undefined;
    const signingSecret = i.signingSecret as string | null | undefined;
    if (url !== undefined || signingSecret !== undefined) {
      const keptUrl = url ?? stored?.url;
      if (keptUrl === undefined) needStored("url", "URL");
      const secret = signingSecret === null ? undefined : (signingSecret ?? stored?.signingSecret);
      sealed = { url: keptUrl!, ...(secret !== undefined ? { signingSecret: secret } : {}) };
      resealed = true;
    }
    if (url !== undefined) {
      config.urlPreview = urlPreviewOf(url);
      audit.url = { from: before.urlPreview, to: config.urlPreview };
    }
    if (kind === "WEBHOOK") {
      diff("format", before.format, i.format);
      if (i.format !== undefined) config.format = i.format as TChannelConfig["format"];
      secretChange("signingSecret");
    }
  } else if (kind === "PAGERDUTY") {
    if (i.url !== undefined) {
      diff("eventsUrl", before.eventsUrl, i.url);
      config.eventsUrl = i.url as string;
      config.urlPreview = urlPreviewOf(config.eventsUrl);
    }
    if (i.routingKey !== undefined) {
      sealed = { routingKey: i.routingKey as string };
      resealed = true;
      secretChange("routingKey");
    }
  } else {
    const s = before.smtp;
    if (!s) throw new AppError("CONFLICT", `The SMTP settings of channel ${name} are missing; delete it and create it again`);
    const next: TSmtpConfig = { ...s };
    for (const key of ["host", "port", "tlsMode", "rejectUnauthorized", "username", "from", "to"] as const) {
      if (i[key] === undefined) continue;
      diff(key, s[key], i[key]);
      (next as Record<string, unknown>)[key] = i[key];
    }
    // A new TLS mode with no port given moves the port to the mode's usual one.
    if (i.tlsMode !== undefined && i.port === undefined && s.port === defaultPort(s.tlsMode)) next.port = defaultPort(next.tlsMode);
    if (i.ca !== undefined) {
      next.ca = i.ca as string | null;
      audit.ca = i.ca === null ? "removed" : "replaced";
    }
    // Auth is a username and a password together: removing either removes both.
    if (i.username === null || i.password === null) {
      next.username = null;
      sealed = null;
      resealed = true;
      if (hadSealed) audit.password = "removed";
    }
    if (typeof i.password === "string") {
      if (next.username === null) throw authNeedsUser();
      sealed = { password: i.password };
      resealed = true;
      audit.password = "replaced";
    } else if (typeof i.username === "string" && stored?.password === undefined) {
      throw authNeedsPassword();
    }
    config.smtp = next;
  }
  return { config, sealed, audit, resealed };
}

function authNeedsPassword(): AppError {
  return new AppError("VALIDATION", "A username needs a password", { fields: [{ path: "body.password", message: "is required with a username" }] });
}

function authNeedsUser(): AppError {
  return new AppError("VALIDATION", "A password needs a username", { fields: [{ path: "body.username", message: "is required with a password" }] });
}
