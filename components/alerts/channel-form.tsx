"use client";

import { useState, type FormEvent } from "react";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { QueryError } from "@/components/ui/messages";
import { fieldErrorsOf } from "@/components/ui/mutations";
import { severityLabel } from "./labels";
import { readScope, ScopeFields } from "./scope-fields";
import { ALERT_SOURCES, CHANNEL_FORMATS, SEVERITIES, type TAlertSource, type TChannel, type TCreateChannelRequest, type TSeverity, type TUpdateChannelRequest } from "./types";

const FIELDS = ["name", "url", "format", "signingSecret", "minSeverity", "scope", "repeatIntervalMinutes"];

type Mutation = { isPending: boolean; isError: boolean; error: unknown };

/**
 * A webhook channel's fields. The URL and the signing secret are never sent
 * back by the API: on edit, blank keeps what is stored.
 */
export function ChannelForm({
  channel,
  mutation,
  onCreate,
  onUpdate,
  onCancel,
  label,
}: {
  channel?: TChannel;
  mutation: Mutation;
  onCreate?: (body: TCreateChannelRequest) => void;
  onUpdate?: (body: TUpdateChannelRequest) => void;
  onCancel?: () => void;
  label: string;
}) {
  const [removeSigning, setRemoveSigning] = useState(false);
  const server = fieldErrorsOf(mutation.error);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (n: string) => String(form.get(n) ?? "").trim();
    const sources = form.getAll("sources").map(String) as TAlertSource[];
    const scope = { ...readScope(form, channel?.scope), ...(sources.length ? { sources: sources.filter((s) => ALERT_SOURCES.includes(s)) } : {}) };
    const common = {
      name: text("name"),
      format: text("format") as TChannel["format"],
      enabled: form.get("enabled") === "on",
      minSeverity: text("minSeverity") as TSeverity,
      scope,
      repeatIntervalMinutes: Number(text("repeatIntervalMinutes")),
    };
    const url = text("url");
    const secret = String(form.get("signingSecret") ?? "");
    if (!channel) {
      onCreate?.({ ...common, url, ...(secret ? { signingSecret: secret } : {}) });
      return;
    }
    onUpdate?.({ ...common, ...(url ? { url } : {}), ...(removeSigning ? { signingSecret: null } : secret ? { signingSecret: secret } : {}) });
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={label}>
      <QueryError result={mutation} fields={FIELDS} />
      <div className="form-row">
        <TextField label="Name" name="name" defaultValue={channel?.name ?? ""} maxLength={64} required autoComplete="off" error={fieldMessage("Name", server.name)} />
        <TextField
          label="Webhook URL"
          name="url"
          type="url"
          maxLength={2048}
          required={!channel}
          optional={Boolean(channel)}
          autoComplete="off"
          placeholder={channel ? channel.urlPreview : "https://hooks.example.com/…"}
          hint={channel ? "Leave blank to keep the stored URL." : "Kept sealed: only its host is shown afterwards."}
          error={fieldMessage("URL", server.url)}
        />
        <SelectField label="Format" name="format" defaultValue={channel?.format ?? "json"}>
          {CHANNEL_FORMATS.map((f) => (
            <option key={f} value={f}>
              {f === "slack" ? "Slack" : "JSON"}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="form-row">
        <TextField
          label="Signing secret"
          name="signingSecret"
          type="password"
          autoComplete="new-password"
          optional
          disabled={removeSigning}
          hint={channel?.hasSigningSecret ? "Set: leave blank to keep it." : "At least 16 characters; requests are signed with HMAC-SHA256."}
          error={fieldMessage("Signing secret", server.signingSecret)}
        />
        <SelectField label="Minimum severity" name="minSeverity" defaultValue={channel?.minSeverity ?? "WARNING"}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {severityLabel(s)}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Repeat every (minutes)"
          name="repeatIntervalMinutes"
          type="number"
          min={1}
          max={1440}
          step={1}
          defaultValue={channel?.repeatIntervalMinutes ?? 15}
          hint="While an alert stays open."
          error={fieldMessage("Repeat interval", server.repeatIntervalMinutes)}
        />
      </div>
      {channel?.hasSigningSecret ? (
        <label>
          <input type="checkbox" checked={removeSigning} onChange={(e) => setRemoveSigning(e.target.checked)} /> Remove signing
        </label>
      ) : null}
      <label>
        <input type="checkbox" name="enabled" defaultChecked={channel?.enabled ?? true} /> Enabled
      </label>
      <ScopeFields scope={channel?.scope} sources />
      <FormActions small={Boolean(channel)} label={channel ? "Save" : "Add channel"} pendingLabel={channel ? "Saving…" : "Adding…"} pending={mutation.isPending} onCancel={onCancel} />
    </form>
  );
}
