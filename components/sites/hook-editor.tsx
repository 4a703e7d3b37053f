"use client";

import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { DEFAULT_HOOK_TIMEOUT, type THookDraft } from "./plan-draft";
import styles from "./sites.module.css";

export type TServerOption = { id: string; name: string; site: string | null };

/** A stage's pre or post hook: a command run over SSH on a server of the admin's choosing, or none. */
export function HookEditor({
  label,
  hook,
  servers,
  siteName,
  onChange,
}: {
  label: string;
  hook: THookDraft | null;
  servers: readonly TServerOption[];
  siteName: string;
  onChange: (hook: THookDraft | null) => void;
}) {
  if (!hook) {
    return (
      <div>
        <button type="button" className="btn btn-sm" onClick={() => onChange({ serverId: servers.find((s) => s.site !== siteName)?.id ?? servers[0]?.id ?? "", command: "", timeoutSeconds: DEFAULT_HOOK_TIMEOUT })}>
          Add {label.toLowerCase()}
        </button>
      </div>
    );
  }
  const inSite = servers.find((s) => s.id === hook.serverId)?.site === siteName;
  return (
    <fieldset className={styles.hook}>
      <legend>{label}</legend>
      <div className="form-row">
        <SelectField
          label="Runs on"
          value={hook.serverId}
          onChange={(e) => onChange({ ...hook, serverId: e.target.value })}
          hint={inSite ? `This server is in ${siteName}: it may be gone when the hook runs.` : undefined}
        >
          {hook.serverId && !servers.some((s) => s.id === hook.serverId) ? <option value={hook.serverId}>Unknown server</option> : null}
          {servers.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
              {s.site ? ` (${s.site})` : ""}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Timeout (seconds)"
          type="number"
          min={1}
          max={3600}
          value={hook.timeoutSeconds}
          onChange={(e) => onChange({ ...hook, timeoutSeconds: Math.max(1, Math.floor(Number(e.target.value) || DEFAULT_HOOK_TIMEOUT)) })}
        />
      </div>
      <TextAreaField label="Command" rows={2} maxLength={2000} className="mono" value={hook.command} onChange={(e) => onChange({ ...hook, command: e.target.value })} />
      <div>
        <button type="button" className="btn btn-sm btn-danger" onClick={() => onChange(null)}>
          Remove {label.toLowerCase()}
        </button>
      </div>
    </fieldset>
  );
}
