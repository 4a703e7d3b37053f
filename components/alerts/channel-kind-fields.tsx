"use client";

import { useState } from "react";
import { SelectField, TextAreaField, TextField, fieldMessage } from "@/components/ui/field";
import { CHANNEL_FORMATS, SMTP_TLS_MODES, type TChannel, type TChannelKind, type TSmtpTlsMode } from "./types";

export const KIND_LABEL: Record<TChannelKind, string> = { WEBHOOK: "Webhook", PAGERDUTY: "PagerDuty", EMAIL: "Email", TEAMS: "Microsoft Teams" };
const TLS_LABEL: Record<TSmtpTlsMode, string> = {
  starttls: "STARTTLS, required (587)",
  implicit: "TLS from the start (465)",
  opportunistic: "STARTTLS when offered",
  none: "None (plain text)",
};

type Errors = Record<string, string | undefined>;
type Props = { channel?: TChannel; errors: Errors };

/** A secret field: never filled in from the API; on edit, blank keeps what is stored. */
function SecretField({ name, label, set, editing, hint, error }: { name: string; label: string; set: boolean; editing: boolean; hint: string; error: string | undefined }) {
  return (
    <TextField
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      required={!editing && hint === ""}
      optional={editing || hint !== ""}
      hint={editing && set ? "Set: leave blank to keep it." : hint || undefined}
      error={fieldMessage(label, error)}
    />
  );
}

function WebhookFields({ channel, errors, teams }: Props & { teams?: boolean }) {
  const [removeSigning, setRemoveSigning] = useState(false);
  return (
    <>
      <div className="form-row">
        <TextField
          label={teams ? "Workflow URL" : "Webhook URL"}
          name="url"
          type="url"
          maxLength={2048}
          required={!channel}
          optional={Boolean(channel)}
          autoComplete="off"
          placeholder={channel ? channel.urlPreview : teams ? "https://…logic.azure.com/workflows/…" : "https://hooks.example.com/…"}
          hint={channel ? "Leave blank to keep the stored URL." : teams ? "From the Teams workflow “When a Teams webhook request is received”; kept sealed." : "Kept sealed: only its host is shown afterwards."}
          error={fieldMessage("URL", errors.url)}
        />
        {teams ? null : (
          <SelectField label="Format" name="format" defaultValue={channel?.format ?? "json"}>
            {CHANNEL_FORMATS.map((f) => (
              <option key={f} value={f}>
                {f === "slack" ? "Slack" : "JSON"}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      {teams ? null : (
        <>
          <div className="form-row">
            <TextField
              label="Signing secret"
              name="signingSecret"
              type="password"
              autoComplete="new-password"
              optional
              disabled={removeSigning}
              hint={channel?.hasSigningSecret ? "Set: leave blank to keep it." : "At least 16 characters; requests are signed with HMAC-SHA256."}
              error={fieldMessage("Signing secret", errors.signingSecret)}
            />
          </div>
          {channel?.hasSigningSecret ? (
            <label>
              <input type="checkbox" name="removeSigning" checked={removeSigning} onChange={(e) => setRemoveSigning(e.target.checked)} /> Remove signing
            </label>
          ) : null}
        </>
      )}
    </>
  );
}

function PagerDutyFields({ channel, errors }: Props) {
  return (
    <div className="form-row">
      <SecretField name="routingKey" label="Routing key" set={Boolean(channel?.secretReadable)} editing={Boolean(channel)} hint="" error={errors.routingKey} />
      <TextField
        label="Events API URL"
        name="url"
        type="url"
        optional
        autoComplete="off"
        placeholder={channel ? channel.urlPreview : "https://events.pagerduty.com/v2/enqueue"}
        hint="The integration key of an Events API v2 integration on a PagerDuty service. Leave the URL blank for PagerDuty's."
        error={fieldMessage("URL", errors.url)}
      />
    </div>
  );
}

function EmailFields({ channel, errors }: Props) {
  const e = channel?.email;
  return (
    <>
      <div className="form-row">
        <TextField label="SMTP host" name="host" defaultValue={e?.host ?? ""} required autoComplete="off" placeholder="smtp.example.com" error={fieldMessage("Host", errors.host)} />
        <TextField label="Port" name="port" type="number" min={1} max={65535} optional defaultValue={e?.port ?? ""} hint="587 for STARTTLS, 465 for TLS when blank." error={fieldMessage("Port", errors.port)} />
        <SelectField label="Encryption" name="tlsMode" defaultValue={e?.tlsMode ?? "starttls"}>
          {SMTP_TLS_MODES.map((m) => (
            <option key={m} value={m}>
              {TLS_LABEL[m]}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="form-row">
        <TextField label="Username" name="username" optional defaultValue={e?.username ?? ""} autoComplete="off" hint={e?.username ? "Clear it to send without AUTH." : "Leave blank for a relay without AUTH."} error={fieldMessage("Username", errors.username)} />
        <SecretField name="password" label="Password" set={Boolean(e?.hasPassword)} editing={Boolean(channel)} hint="Kept sealed." error={errors.password} />
      </div>
      <div className="form-row">
        <TextField label="From" name="from" defaultValue={e?.from ?? ""} required autoComplete="off" placeholder="Tandem <tandem@example.com>" error={fieldMessage("From", errors.from)} />
        <TextField label="To" name="to" defaultValue={e?.to.join(", ") ?? ""} required autoComplete="off" placeholder="oncall@example.com, dba@example.com" hint="Comma-separated." error={fieldMessage("To", errors.to)} />
      </div>
      <TextAreaField
        label="Trusted CA certificate (PEM)"
        name="ca"
        optional
        rows={3}
        placeholder="-----BEGIN CERTIFICATE-----"
        hint={e?.hasCa ? "Set: leave blank to keep it." : "For a server whose certificate is signed by a private CA."}
        error={fieldMessage("CA", errors.ca)}
      />
      <label>
        <input type="checkbox" name="rejectUnauthorized" defaultChecked={e?.rejectUnauthorized ?? true} /> Verify the server&apos;s certificate
      </label>
    </>
  );
}

export function ChannelKindFields({ kind, ...props }: Props & { kind: TChannelKind }) {
  switch (kind) {
    case "WEBHOOK":
      return <WebhookFields {...props} />;
    case "TEAMS":
      return <WebhookFields {...props} teams />;
    case "PAGERDUTY":
      return <PagerDutyFields {...props} />;
    case "EMAIL":
      return <EmailFields {...props} />;
  }
}
