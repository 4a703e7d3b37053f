"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { SelectField, TextAreaField, TextField, fieldMessage } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { QueryError } from "@/components/ui/messages";
import { fieldErrorsOf, useInvalidate } from "@/components/ui/mutations";
import { FENCE_DEVICE_KINDS, type TFenceDeviceKind } from "@/server/fencing/fence-templates";
import { FENCE_TIMEOUT_MAX, FENCE_TIMEOUT_MIN, PLUG_MAX } from "@/server/inventory/fence-devices/fence-device-limits";
import { FENCE_DEVICES_KEY, useFenceTemplates, type TCreateFenceDeviceRequest, type TFenceDevice, type TFenceTemplate, type TUpdateFenceDeviceRequest } from "./fencing-queries";
import { useServers } from "./queries";
import styles from "./inventory.module.css";
import own from "./fencing.module.css";

const FIELDS = ["name", "kind", "description", "fencingServerId", "actionCommand", "statusCommand", "offPattern", "onCommand", "timeoutSeconds"];
export const KIND_LABEL: Record<TFenceDeviceKind, string> = { IPMI: "IPMI", LIBVIRT: "libvirt", PROXMOX: "Proxmox", AWS: "AWS EC2", CUSTOM: "Custom commands" };

type EnvRow = { key: number; name: string; value: string };
/** A secret as the form holds it: a stored one is only ever "set" (kept, replaced or removed); a new one has a value. */
type SecretRow = { key: number; name: string; stored: boolean; action: "keep" | "replace" | "remove"; value: string };
type Commands = { actionCommand: string; statusCommand: string; offPattern: string; onCommand: string };

let nextKey = 0;
const key = () => ++nextKey;

export function FenceDeviceForm({ device, onDone, onCancel }: { device?: TFenceDevice; onDone: (message: string) => void; onCancel?: () => void }) {
  const templates = useFenceTemplates();
  const servers = useServers({});
  const serverList = servers.data?.servers ?? [];
  const [kind, setKind] = useState<TFenceDeviceKind>(device?.kind ?? "LIBVIRT");
  const [fencingServerId, setFencingServerId] = useState(device?.fencingServer.id ?? "");
  const [commands, setCommands] = useState<Commands>({
    actionCommand: device?.actionCommand ?? "",
    statusCommand: device?.statusCommand ?? "",
    offPattern: device?.offPattern ?? "",
    onCommand: device?.onCommand ?? "",
  });
  const [env, setEnv] = useState<EnvRow[]>(() => Object.entries(device?.env ?? {}).map(([name, value]) => ({ key: key(), name, value })));
  const [secrets, setSecrets] = useState<SecretRow[]>(() => (device?.secretNames ?? []).map((name) => ({ key: key(), name, stored: true, action: "keep", value: "" })));
  const [targets, setTargets] = useState<Record<string, { on: boolean; plug: string }>>(() =>
    Object.fromEntries((device?.targets ?? []).map((t) => [t.serverId, { on: true, plug: t.plug }])),
  );
  const template = templates.data?.templates.find((t) => t.kind === kind) ?? null;

  const invalidate = useInvalidate(FENCE_DEVICES_KEY);
  const save = useMutation({
    mutationFn: (body: TCreateFenceDeviceRequest | TUpdateFenceDeviceRequest) =>
      device
        ? fetchJson<TFenceDevice>(`/api/v1/fence-devices/${encodeURIComponent(device.id)}`, { method: "PATCH", body })
        : fetchJson<TFenceDevice>("/api/v1/fence-devices", { method: "POST", body }),
    onSuccess: (d) => onDone(device ? `Saved ${d.name}.` : `Added fence device ${d.name}.`),
    onSettled: invalidate,
  });
  const server = fieldErrorsOf(save.error);

  function applyTemplate(next: TFenceDeviceKind, t: TFenceTemplate | undefined) {
    setKind(next);
    if (!t) return; // CUSTOM: the commands stay as they are, to edit
    setCommands({ actionCommand: t.actionCommand, statusCommand: t.statusCommand, offPattern: t.offPattern, onCommand: t.onCommand });
    setEnv((rows) => [...rows, ...t.vars.filter((v) => !v.secret && !rows.some((r) => r.name === v.name)).map((v) => ({ key: key(), name: v.name, value: "" }))]);
    setSecrets((rows) => [...rows, ...t.vars.filter((v) => v.secret && !rows.some((r) => r.name === v.name)).map((v) => ({ key: key(), name: v.name, stored: false, action: "keep" as const, value: "" }))]);
  }

  // A new device starts from its default template once the templates arrive.
  useEffect(() => {
    if (!device && templates.data && !commands.actionCommand) applyTemplate(kind, templates.data.templates.find((t) => t.kind === kind));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [templates.data]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const newSecrets = Object.fromEntries(
      secrets.filter((s) => s.name.trim() && s.value !== "" && (!s.stored || s.action === "replace")).map((s) => [s.name.trim(), s.value]),
    );
    const removeSecrets = secrets.filter((s) => s.stored && s.action === "remove").map((s) => s.name);
    const body = {
      name: String(form.get("name") ?? "").trim(),
      kind,
      description: String(form.get("description") ?? "").trim(),
      fencingServerId,
      actionCommand: commands.actionCommand,
      statusCommand: commands.statusCommand,
      offPattern: commands.offPattern,
      onCommand: commands.onCommand.trim() ? commands.onCommand : null,
      env: Object.fromEntries(env.filter((r) => r.name.trim() && r.value !== "").map((r) => [r.name.trim(), r.value])),
      timeoutSeconds: Number(form.get("timeoutSeconds")),
      targets: serverList.filter((s) => targets[s.id]?.on && s.id !== fencingServerId).map((s) => ({ serverId: s.id, plug: targets[s.id]!.plug.trim() })),
      ...(Object.keys(newSecrets).length ? { secrets: newSecrets } : {}),
      ...(device && removeSecrets.length ? { removeSecrets } : {}),
    };
    save.mutate(body);
  }

  const varHint = (name: string) => template?.vars.find((v) => v.name === name);
  const setCommand = (k: keyof Commands) => (e: { target: { value: string } }) => setCommands((c) => ({ ...c, [k]: e.target.value }));
  const setSecret = (k: number, patch: Partial<SecretRow>) => setSecrets((rows) => rows.map((r) => (r.key === k ? { ...r, ...patch } : r)));

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={device ? `Edit fence device ${device.name}` : "Add a fence device"}>
      <QueryError result={save} fields={FIELDS} />
      <div className="form-row">
        <TextField label="Name" name="name" defaultValue={device?.name} maxLength={64} autoComplete="off" required error={fieldMessage("Name", server.name)} />
        <SelectField
          label="Template"
          name="kind"
          value={kind}
          onChange={(e) => applyTemplate(e.target.value as TFenceDeviceKind, templates.data?.templates.find((t) => t.kind === e.target.value))}
          hint={template ? "Choosing a template fills in its commands; edit them if your setup differs." : "Write your own commands."}
          error={fieldMessage("Template", server.kind)}
        >
          {FENCE_DEVICE_KINDS.map((k) => (
            <option key={k} value={k}>
              {templates.data?.templates.find((t) => t.kind === k)?.label ?? KIND_LABEL[k]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Fencing server"
          name="fencingServerId"
          value={fencingServerId}
          onChange={(e) => setFencingServerId(e.target.value)}
          hint={template?.fencingServerHint ?? "Where the commands run over SSH; never one of the targets."}
          error={fieldMessage("Fencing server", server.fencingServerId)}
        >
          <option value="">Choose a server…</option>
          {serverList.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField label="Description" name="description" defaultValue={device?.description} maxLength={500} optional error={fieldMessage("Description", server.description)} />

      <fieldset className={styles.fieldset}>
        <legend>Commands</legend>
        <p className="hint">They run on the fencing server with the target in $TANDEM_PLUG; the device is confirmed off once the status output matches the off pattern.</p>
        <TextAreaField label="Power-off command" name="actionCommand" className={own.command} rows={2} value={commands.actionCommand} onChange={setCommand("actionCommand")} spellCheck={false} required error={fieldMessage("Power-off command", server.actionCommand)} />
        <TextAreaField label="Status command" name="statusCommand" className={own.command} rows={2} value={commands.statusCommand} onChange={setCommand("statusCommand")} spellCheck={false} required error={fieldMessage("Status command", server.statusCommand)} />
        <div className="form-row">
          <TextField label="Off pattern" name="offPattern" className="mono" value={commands.offPattern} onChange={setCommand("offPattern")} spellCheck={false} required hint="A regular expression, matched without regard to case." error={fieldMessage("Off pattern", server.offPattern)} />
          <TextField
            label="Timeout (seconds)"
            name="timeoutSeconds"
            type="number"
            min={FENCE_TIMEOUT_MIN}
            max={FENCE_TIMEOUT_MAX}
            defaultValue={device?.timeoutSeconds ?? 30}
            error={fieldMessage("Timeout", server.timeoutSeconds)}
          />
        </div>
        <TextAreaField label="Power-on command" name="onCommand" className={own.command} rows={2} value={commands.onCommand} onChange={setCommand("onCommand")} spellCheck={false} optional error={fieldMessage("Power-on command", server.onCommand)} />
      </fieldset>

      <fieldset className={styles.fieldset}>
        <legend>Settings</legend>
        <p className="hint">Plain environment variables for the commands; one left empty is not set. Anything secret goes under Secrets.</p>
        {env.map((r) => (
          <div className="form-row" key={r.key}>
            <TextField label="Variable" aria-label="Variable name" className="mono" value={r.name} onChange={(e) => setEnv((rows) => rows.map((x) => (x.key === r.key ? { ...x, name: e.target.value.toUpperCase() } : x)))} hint={varHint(r.name)?.hint} />
            <TextField label="Value" aria-label={`Value of ${r.name || "the variable"}`} value={r.value} maxLength={1000} onChange={(e) => setEnv((rows) => rows.map((x) => (x.key === r.key ? { ...x, value: e.target.value } : x)))} />
            <button type="button" className="btn btn-sm" onClick={() => setEnv((rows) => rows.filter((x) => x.key !== r.key))}>
              Remove
            </button>
          </div>
        ))}
        <div>
          <button type="button" className="btn btn-sm" onClick={() => setEnv((rows) => [...rows, { key: key(), name: "", value: "" }])}>
            Add a setting
          </button>
        </div>
      </fieldset>

      <fieldset className={styles.fieldset}>
        <legend>Secrets</legend>
        <p className="hint">Passwords and keys, sealed at rest and given to the commands in their environment. Never shown again: only whether each is set.</p>
        {secrets.map((s) =>
          s.stored ? (
            <div className={styles.summary} key={s.key} data-secret={s.name}>
              <span className="mono">{s.name}</span>
              {s.action === "remove" ? <span className="badge badge-warning">will be removed</span> : <span className="badge badge-success">set</span>}
              {s.action === "replace" ? (
                <TextField label={`New value of ${s.name}`} type="password" autoComplete="new-password" value={s.value} maxLength={1000} onChange={(e) => setSecret(s.key, { value: e.target.value })} />
              ) : null}
              {s.action === "keep" ? (
                <>
                  <button type="button" className="btn btn-sm" onClick={() => setSecret(s.key, { action: "replace" })}>
                    Replace {s.name}
                  </button>
                  <button type="button" className="btn btn-sm btn-danger" onClick={() => setSecret(s.key, { action: "remove" })}>
                    Remove {s.name}
                  </button>
                </>
              ) : (
                <button type="button" className="btn btn-sm" onClick={() => setSecret(s.key, { action: "keep", value: "" })}>
                  Keep {s.name}
                </button>
              )}
            </div>
          ) : (
            <div className="form-row" key={s.key}>
              <TextField label="Secret" aria-label="Secret name" className="mono" value={s.name} onChange={(e) => setSecret(s.key, { name: e.target.value.toUpperCase() })} hint={varHint(s.name)?.hint} />
              <TextField label="Value" aria-label={`Value of secret ${s.name || "(unnamed)"}`} type="password" autoComplete="new-password" maxLength={1000} value={s.value} onChange={(e) => setSecret(s.key, { value: e.target.value })} />
              <button type="button" className="btn btn-sm" onClick={() => setSecrets((rows) => rows.filter((x) => x.key !== s.key))}>
                Remove
              </button>
            </div>
          ),
        )}
        <div>
          <button type="button" className="btn btn-sm" onClick={() => setSecrets((rows) => [...rows, { key: key(), name: "", stored: false, action: "keep", value: "" }])}>
            Add a secret
          </button>
        </div>
      </fieldset>

      <fieldset className={styles.fieldset}>
        <legend>Targets</legend>
        <p className="hint">The servers this device can power off, each with its plug, the name the device knows it by{template ? ` (${template.plugHint})` : ""}.</p>
        {servers.isPending ? <p className="muted">Loading servers…</p> : null}
        <div className={own.targetList}>
          {serverList.map((s) => {
            const t = targets[s.id] ?? { on: false, plug: "" };
            const isFencer = s.id === fencingServerId;
            return (
              <div className={own.targetRow} key={s.id}>
                <label className={styles.checkbox}>
                  <input
                    type="checkbox"
                    checked={t.on && !isFencer}
                    disabled={isFencer}
                    onChange={(e) => setTargets((all) => ({ ...all, [s.id]: { on: e.target.checked, plug: t.plug || (kind === "LIBVIRT" ? s.name : "") } }))}
                  />
                  {s.name}
                  {isFencer ? <span className="muted"> (the fencing server)</span> : null}
                </label>
                {t.on && !isFencer ? (
                  <input
                    className="input mono"
                    aria-label={`Plug for ${s.name}`}
                    value={t.plug}
                    maxLength={PLUG_MAX}
                    onChange={(e) => setTargets((all) => ({ ...all, [s.id]: { on: true, plug: e.target.value } }))}
                  />
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>

      <FormActions label={device ? "Save device" : "Add fence device"} pendingLabel="Saving…" pending={save.isPending} onCancel={onCancel} />
    </form>
  );
}
