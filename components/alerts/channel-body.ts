// The API body of the channel form, per kind: secrets and URLs only when
// typed (blank keeps the stored value on edit), nothing of another kind.
import type { TChannel, TChannelKind, TCreateChannelRequest, TUpdateChannelRequest } from "./types";

type Common = Pick<TCreateChannelRequest, "name" | "enabled" | "minSeverity" | "scope" | "repeatIntervalMinutes">;

export function kindFieldsOf(kind: TChannelKind, form: FormData, channel?: TChannel): Record<string, unknown> {
  const text = (n: string) => String(form.get(n) ?? "").trim();
  const typed = (n: string) => (text(n) ? { [n]: text(n) } : {});
  switch (kind) {
    case "WEBHOOK":
      return {
        ...typed("url"),
        format: text("format") || "json",
        ...(form.get("removeSigning") === "on" ? { signingSecret: null } : form.get("signingSecret") ? { signingSecret: String(form.get("signingSecret")) } : {}),
      };
    case "TEAMS":
      return typed("url");
    case "PAGERDUTY":
      return { ...typed("routingKey"), ...typed("url") };
    case "EMAIL": {
      const username = text("username");
      const port = text("port");
      const ca = text("ca");
      return {
        host: text("host"),
        ...(port ? { port: Number(port) } : {}),
        tlsMode: text("tlsMode") || "starttls",
        rejectUnauthorized: form.get("rejectUnauthorized") === "on",
        ...(ca ? { ca } : {}),
        ...(username ? { username } : channel?.email?.username ? { username: null } : {}),
        ...(form.get("password") ? { password: String(form.get("password")) } : {}),
        from: text("from"),
        to: text("to").split(/[\s,;]+/).filter(Boolean),
      };
    }
  }
}

export function createBody(kind: TChannelKind, common: Common, form: FormData): TCreateChannelRequest {
  return { kind, ...common, ...kindFieldsOf(kind, form) } as TCreateChannelRequest;
}

export function updateBody(channel: TChannel, common: Common, form: FormData): TUpdateChannelRequest {
  return { kind: channel.kind, ...common, ...kindFieldsOf(channel.kind, form, channel) } as TUpdateChannelRequest;
}
