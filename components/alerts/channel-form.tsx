"use client";

import { useState, type FormEvent } from "react";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { QueryError } from "@/components/ui/messages";
import { fieldErrorsOf } from "@/components/ui/mutations";
import { severityLabel } from "./labels";
import { readScope, ScopeFields } from "./scope-fields";
import { ChannelKindFields, KIND_LABEL } from "./channel-kind-fields";
import { createBody, updateBody } from "./channel-body";
import { ALERT_SOURCES, CHANNEL_KINDS, SEVERITIES, type TAlertSource, type TChannel, type TChannelKind, type TCreateChannelRequest, type TSeverity, type TUpdateChannelRequest } from "./types";

const FIELDS = ["kind", "name", "url", "format", "signingSecret", "routingKey", "host", "port", "tlsMode", "rejectUnauthorized", "ca", "username", "password", "from", "to", "minSeverity", "scope", "repeatIntervalMinutes"];

type Mutation = { isPending: boolean; isError: boolean; error: unknown };

/**
 * A channel's fields: the common routing ones, and its kind's. URLs, routing
 * keys, signing secrets and passwords are never sent back by the API: on
 * edit, blank keeps what is stored. The kind is chosen once, at creation.
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
  const [kind, setKind] = useState<TChannelKind>(channel?.kind ?? "WEBHOOK");
  const server = fieldErrorsOf(mutation.error);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (n: string) => String(form.get(n) ?? "").trim();
    const sources = form.getAll("sources").map(String) as TAlertSource[];
    const scope = { ...readScope(form, channel?.scope), ...(sources.length ? { sources: sources.filter((s) => ALERT_SOURCES.includes(s)) } : {}) };
    const common = {
      name: text("name"),
      enabled: form.get("enabled") === "on",
      minSeverity: text("minSeverity") as TSeverity,
      scope,
      repeatIntervalMinutes: Number(text("repeatIntervalMinutes")),
    };
    if (!channel) onCreate?.(createBody(kind, common, form));
    else onUpdate?.(updateBody(channel, common, form));
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={label}>
      <QueryError result={mutation} fields={FIELDS} />
      <div className="form-row">
        <TextField label="Name" name="name" defaultValue={channel?.name ?? ""} maxLength={64} required autoComplete="off" error={fieldMessage("Name", server.name)} />
        <SelectField label="Kind" name="kind" value={kind} disabled={Boolean(channel)} onChange={(e) => setKind(e.target.value as TChannelKind)} hint={channel ? "A channel's kind cannot change." : undefined}>
          {CHANNEL_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </SelectField>
      </div>
      <ChannelKindFields key={kind} kind={kind} channel={channel} errors={server} />
      <div className="form-row">
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
      <label>
        <input type="checkbox" name="enabled" defaultChecked={channel?.enabled ?? true} /> Enabled
      </label>
      <ScopeFields scope={channel?.scope} sources />
      <FormActions small={Boolean(channel)} label={channel ? "Save" : "Add channel"} pendingLabel={channel ? "Saving…" : "Adding…"} pending={mutation.isPending} onCancel={onCancel} />
    </form>
  );
}
