"use client";

import { SelectField, TextAreaField, TextField, fieldMessage } from "@/components/ui/field";
import { useServers } from "@/components/inventory/queries";
import type { TRestoreFormValues } from "./restore-form-model";
import inventory from "@/components/inventory/inventory.module.css";

/** The group form's "Restore redundancy" fieldset: provision and join hooks, and when to restore by itself. Admins only, like the form. */
export function RestoreFields({ values, onChange, problems }: { values: TRestoreFormValues; onChange: (v: TRestoreFormValues) => void; problems: Record<string, string> }) {
  const servers = useServers({});
  const set = <K extends keyof TRestoreFormValues>(k: K) => (value: TRestoreFormValues[K]) => onChange({ ...values, [k]: value });
  const err = (label: string, path: string) => fieldMessage(label, problems[`restore.${path}`]);
  const list = servers.data?.servers ?? [];
  const known = !values.provisionServerId || list.some((s) => s.id === values.provisionServerId);

  return (
    <fieldset className={inventory.fieldset} aria-describedby="group-restore-note">
      <legend>Restore redundancy</legend>
      <p id="group-restore-note" className="hint">
        When the group loses a member, the provision hook runs on its server (a hypervisor, a cloud CLI host) with TANDEM_GROUP, TANDEM_SITE and TANDEM_NAME_HINT, and must print as its last line the new server as JSON: {"{"}&quot;name&quot;, &quot;address&quot;, &quot;port&quot;?, &quot;username&quot;?, &quot;hostKeyFingerprint&quot;?, &quot;site&quot;?{"}"}. Tandem registers it with the primary&apos;s credential, waits until it is UP, runs the join hook on it (with TANDEM_PRIMARY and TANDEM_PRIMARY_ADDRESS) and adds it to the group.
      </p>
      <div className="form-row">
        <SelectField label="Provision server" name="restore.provision.serverId" value={values.provisionServerId} onChange={(e) => set("provisionServerId")(e.target.value)} optional hint={servers.isPending ? "Loading servers…" : "Where the provision hook runs. None: no restore."} error={err("Provision server", "provision.serverId")}>
          <option value="">None</option>
          {!known ? <option value={values.provisionServerId}>{values.provisionServerId}</option> : null}
          {list.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.address}
              {s.site ? `, ${s.site.name}` : ""})
            </option>
          ))}
        </SelectField>
        <TextField label="Provision timeout (seconds)" name="restore.provision.timeoutSeconds" type="number" inputMode="numeric" min={10} max={3600} value={values.provisionTimeout} onChange={(e) => set("provisionTimeout")(e.target.value)} hint="10-3600." error={err("Provision timeout", "provision.timeoutSeconds")} />
      </div>
      <TextAreaField label="Provision command" name="restore.provision.command" className={inventory.code} style={{ minHeight: 56 }} rows={2} maxLength={2000} value={values.provisionCommand} onChange={(e) => set("provisionCommand")(e.target.value)} spellCheck={false} autoComplete="off" optional error={err("The provision command", "provision.command")} />
      <div className="form-row">
        <TextAreaField label="Join command" name="restore.join.command" className={inventory.code} style={{ minHeight: 56 }} rows={2} maxLength={2000} value={values.joinCommand} onChange={(e) => set("joinCommand")(e.target.value)} spellCheck={false} autoComplete="off" optional hint="Runs on the new server: e.g. a base backup from the primary, then start as a standby." error={err("The join command", "join.command")} />
        <TextField label="Join timeout (seconds)" name="restore.join.timeoutSeconds" type="number" inputMode="numeric" min={10} max={3600} value={values.joinTimeout} onChange={(e) => set("joinTimeout")(e.target.value)} hint="10-3600." error={err("Join timeout", "join.timeoutSeconds")} />
      </div>
      <TextField
        label="Restore automatically after (minutes)"
        name="restore.afterMinutes"
        type="number"
        inputMode="numeric"
        min={1}
        max={10080}
        value={values.afterMinutes}
        onChange={(e) => set("afterMinutes")(e.target.value)}
        optional
        hint="Once the group has been AT_RISK or BROKEN this long (not for planned work), Tandem restores it by itself. Empty: only when an operator asks."
        error={err("Restore automatically after", "afterMinutes")}
      />
    </fieldset>
  );
}
