"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { SelectField, TextAreaField, TextField, fieldMessage } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { ErrorAlert, QueryError } from "@/components/ui/messages";
import { fieldErrorsOf, useInvalidate } from "@/components/ui/mutations";
import { useServers } from "@/components/inventory/queries";
import { HOOK_NAMES } from "@/server/groups/groups.types";
import {
  addMember,
  emptyGroupValues,
  removeMember,
  setMemberRole,
  setMode,
  splitMemberProblems,
  toGroupRequest,
  valuesFromGroup,
  type TCreateGroupBody,
  type TGroupFormValues,
  type THookName,
  type TMemberRow,
  type TProblems,
} from "./group-form-model";
import { GROUPS_KEY, useGroup } from "./queries";
import { RestoreFields } from "./restore-fields";
import type { TGroup } from "./types";
import inventory from "@/components/inventory/inventory.module.css";

const LABEL: Record<string, string> = {
  name: "Name",
  description: "Description",
  mode: "Mode",
  minHealthy: "Minimum in service",
  failoverPolicy: "Failover policy",
  detectionThreshold: "Detection threshold",
  cooldownSeconds: "Cooldown",
  maxReplicationLagSeconds: "Maximum replication lag",
  requireFencing: "Fencing",
  criticalServices: "Critical services",
  fencingLevels: "Fencing levels",
  loadBalancerId: "Load balancer",
  hooks: "Hooks",
  members: "Members",
};
const MEMBER_FIELDS = ["serverId", "role", "priority", "lbBackendServer"];

const HOOK_HINT: Record<THookName, string> = {
  check: "Health check; exit status 0 means healthy.",
  promote: "Makes this member the primary.",
  demote: "Turns a primary into a standby.",
  fence: "Cuts a failed primary off (stops it, or blocks its traffic) before another is promoted.",
  drain: "Takes the member out of service gracefully.",
  enable: "Puts a drained member back into service.",
  role: "Prints primary or standby: catches a fenced old primary that claims to be primary again.",
};

/** Field paths (without "body.") this form shows next to a control. */
function shownHere(path: string, memberCount: number): boolean {
  if (path in LABEL) return true;
  if (/^hooks\.[a-z]+$/.test(path)) return HOOK_NAMES.includes(path.slice(6) as THookName);
  if (/^restore\.(afterMinutes|provision\.(serverId|command|timeoutSeconds)|join\.(command|timeoutSeconds))$/.test(path)) return true;
  const m = /^members\.(\d+)(?:\.(\w+))?$/.exec(path);
  return Boolean(m && Number(m[1]) < memberCount && (m[2] === undefined || MEMBER_FIELDS.includes(m[2])));
}

/** The edit page's form, once the group has loaded. */
export function GroupEditor({ id }: { id: string }) {
  const q = useGroup(id);
  if (!q.data) return q.isError ? <QueryError result={q} /> : <p className="muted">Loading group…</p>;
  return <GroupForm key={q.data.id} group={q.data} />;
}

/** Create a redundancy group, or edit one (`group`). Admins only; the server checks the same rules again. */
export function GroupForm({ group }: { group?: TGroup }) {
  const router = useRouter();
  const invalidate = useInvalidate(GROUPS_KEY);
  const editing = group !== undefined;
  const [values, setValues] = useState<TGroupFormValues>(() => (group ? valuesFromGroup(group) : emptyGroupValues()));
  const [client, setClient] = useState<TProblems>({});
  const [submittedKeys, setSubmittedKeys] = useState<string[]>([]);

  const save = useMutation({
    mutationFn: (body: TCreateGroupBody) =>
      group
        ? fetchJson<TGroup>(`/api/v1/groups/${encodeURIComponent(group.id)}`, { method: "PATCH", body })
        : fetchJson<TGroup>("/api/v1/groups", { method: "POST", body }),
    onSuccess: (g) => router.push(`/groups/${encodeURIComponent(g.id)}`),
    onSettled: invalidate,
  });

  const server = fieldErrorsOf(save.error);
  const problems = Object.keys(client).length ? client : server;
  const { fields, rows } = splitMemberProblems(problems, submittedKeys);
  const serverShown = Object.keys(server).filter((p) => shownHere(p, submittedKeys.length));
  const err = (path: string) => fieldMessage(LABEL[path] ?? path, fields[path]);

  const set = <K extends keyof TGroupFormValues>(k: K) => (v: TGroupFormValues[K]) => setValues((prev) => ({ ...prev, [k]: v }));
  const setRow = (key: string, patch: Partial<TMemberRow>) => setValues((prev) => ({ ...prev, members: prev.members.map((m) => (m.key === key ? { ...m, ...patch } : m)) }));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { body, problems } = toGroupRequest(values);
    setSubmittedKeys(values.members.map((m) => m.key));
    setClient(problems);
    if (Object.keys(problems).length) return save.reset();
    save.mutate(body);
  }

  const clientCount = Object.keys(client).length;
  const cancelTo = group ? `/groups/${encodeURIComponent(group.id)}` : "/groups";

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={editing ? `Edit group ${group.name}` : "New redundancy group"}>
      {clientCount ? <ErrorAlert>{clientCount === 1 ? "Check the field marked below." : `Check the ${clientCount} fields marked below.`}</ErrorAlert> : null}
      <QueryError result={save} fields={serverShown} />

      <div className="form-row">
        <TextField label="Name" name="name" value={values.name} onChange={(e) => set("name")(e.target.value)} maxLength={64} required autoComplete="off" spellCheck={false} hint="Unique, e.g. orders-db." error={err("name")} />
        <SelectField
          label="Mode"
          name="mode"
          value={values.mode}
          onChange={(e) => setValues((prev) => setMode(prev, e.target.value as TGroupFormValues["mode"]))}
          hint="Changing it rewrites the members' roles."
          error={err("mode")}
        >
          <option value="ACTIVE_PASSIVE">Active-passive: one primary, standbys take over</option>
          <option value="ACTIVE_ACTIVE">Active-active: every member serves</option>
        </SelectField>
        <TextField
          label="Minimum in service"
          name="minHealthy"
          type="number"
          inputMode="numeric"
          min={1}
          max={1000}
          value={values.minHealthy}
          onChange={(e) => set("minHealthy")(e.target.value)}
          hint="The redundancy budget: fewer members in service and the group is broken. At most the number of members."
          error={err("minHealthy")}
        />
      </div>
      <TextField label="Description" name="description" value={values.description} onChange={(e) => set("description")(e.target.value)} maxLength={500} optional error={err("description")} />

      <MembersEditor values={values} setValues={setValues} setRow={setRow} rows={rows} listError={err("members")} />

      <fieldset className={inventory.fieldset}>
        <legend>Failover</legend>
        <div className="form-row">
          <SelectField label="Failover policy" name="failoverPolicy" value={values.failoverPolicy} onChange={(e) => set("failoverPolicy")(e.target.value as TGroupFormValues["failoverPolicy"])} hint="Automatic: Tandem fails over on its own when the primary is lost." error={err("failoverPolicy")}>
            <option value="MANUAL">Manual</option>
            <option value="AUTOMATIC">Automatic</option>
          </SelectField>
          <TextField label="Detection threshold" name="detectionThreshold" type="number" inputMode="numeric" min={1} max={20} value={values.detectionThreshold} onChange={(e) => set("detectionThreshold")(e.target.value)} hint="Failed checks in a row before a member counts as lost (1-20)." error={err("detectionThreshold")} />
          <TextField label="Cooldown (seconds)" name="cooldownSeconds" type="number" inputMode="numeric" min={0} max={86400} value={values.cooldownSeconds} onChange={(e) => set("cooldownSeconds")(e.target.value)} hint="Minimum time between two automatic failovers (0-86400)." error={err("cooldownSeconds")} />
        </div>
        <div className="form-row">
          <TextField
            label="Maximum replication lag (seconds)"
            name="maxReplicationLagSeconds"
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            value={values.maxReplicationLagSeconds}
            onChange={(e) => set("maxReplicationLagSeconds")(e.target.value)}
            optional
            hint="A standby lagging more is not promoted. Empty: no limit."
            error={err("maxReplicationLagSeconds")}
          />
          <TextField
            label="Load balancer id"
            name="loadBalancerId"
            value={values.loadBalancerId}
            onChange={(e) => set("loadBalancerId")(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            optional
            hint={group?.loadBalancer && group.loadBalancer.id === values.loadBalancerId.trim() ? `Currently ${group.loadBalancer.name} (${group.loadBalancer.kind.toLowerCase()}). Empty: none.` : "The load balancer's UUID, whose backends follow failovers. Empty: none."}
            error={err("loadBalancerId")}
          />
        </div>
        <label className={inventory.checkbox}>
          <input type="checkbox" name="requireFencing" checked={values.requireFencing} onChange={(e) => set("requireFencing")(e.target.checked)} /> Require fencing before promotion
        </label>
        {err("requireFencing") ? <p className="field-error">{err("requireFencing")}</p> : null}
        <div className="form-row">
          <TextField
            label="Critical services"
            name="criticalServices"
            value={values.criticalServices}
            onChange={(e) => set("criticalServices")(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            optional
            hint="name:port, comma-separated (postgresql:5432). One down on the primary for the detection threshold is a failed primary; a standby probes the port for a second opinion."
            error={err("criticalServices")}
          />
          <TextField
            label="Fencing levels"
            name="fencingLevels"
            value={values.fencingLevels}
            onChange={(e) => set("fencingLevels")(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            optional
            hint="In order, the first that works wins: hook (the fence hook, when the old primary answers), device (its fence devices, out of band; device:<id> for one), lb (isolation at the balancer). Empty: hook, device, lb."
            error={err("fencingLevels")}
          />
        </div>
      </fieldset>

      <fieldset className={inventory.fieldset} aria-describedby="group-hooks-note">
        <legend>Hooks</legend>
        <p id="group-hooks-note" className="notice notice-warning">
          Hooks are shell commands Tandem runs on the member over SSH, with the member&apos;s credential. Only admins can set them, and the audit log keeps every change in full: keep passwords out. Leave a hook empty to not run one.
        </p>
        {err("hooks") ? <p className="field-error">{err("hooks")}</p> : null}
        {HOOK_NAMES.map((h) => (
          <TextAreaField
            key={h}
            label={<span className="mono">{h}</span>}
            name={`hooks.${h}`}
            className={inventory.code}
            style={{ minHeight: 56 }}
            rows={2}
            maxLength={2000}
            value={values.hooks[h]}
            onChange={(e) => setValues((prev) => ({ ...prev, hooks: { ...prev.hooks, [h]: e.target.value } }))}
            spellCheck={false}
            autoComplete="off"
            optional
            hint={HOOK_HINT[h]}
            error={fieldMessage(`The ${h} hook`, fields[`hooks.${h}`])}
          />
        ))}
      </fieldset>

      <RestoreFields values={values.restore} onChange={set("restore")} problems={fields} />

      <FormActions label={editing ? "Save changes" : "Create group"} pendingLabel="Saving…" pending={save.isPending} onCancel={() => router.push(cancelTo)} />
    </form>
  );
}

const ROLE_LABEL = { PRIMARY: "Primary", STANDBY: "Standby", ACTIVE: "Active" } as const;

function MembersEditor({
  values,
  setValues,
  setRow,
  rows,
  listError,
}: {
  values: TGroupFormValues;
  setValues: (f: (prev: TGroupFormValues) => TGroupFormValues) => void;
  setRow: (key: string, patch: Partial<TMemberRow>) => void;
  rows: Record<string, Record<string, string>>;
  listError: string | undefined;
}) {
  const servers = useServers({});
  const [search, setSearch] = useState("");
  const [pick, setPick] = useState("");
  const id = useId();
  const taken = new Set(values.members.map((m) => m.serverId));
  const q = search.trim().toLowerCase();
  const candidates = (servers.data?.servers ?? []).filter((s) => !taken.has(s.id) && (!q || s.name.toLowerCase().includes(q) || s.address.toLowerCase().includes(q) || (s.site?.name.toLowerCase().includes(q) ?? false)));
  const chosen = candidates.find((s) => s.id === pick) ?? candidates[0];
  const aa = values.mode === "ACTIVE_ACTIVE";

  return (
    <fieldset className={inventory.fieldset} aria-describedby={`${id}-rule`}>
      <legend>Members</legend>
      <p id={`${id}-rule`} className="hint">
        {aa ? "Active-active: every member is active and serves traffic." : "Active-passive: exactly one primary; the others are standbys, promoted by priority (highest first)."}
      </p>
      {listError ? (
        <p className="field-error" role="alert">
          {listError}
        </p>
      ) : null}
      {values.members.length === 0 ? (
        <p className="muted">No members yet: add at least one server below.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Members of this group</caption>
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col">Role</th>
                <th scope="col">Priority</th>
                <th scope="col">LB backend name</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {values.members.map((m) => {
                const e = rows[m.key] ?? {};
                return (
                  <tr key={m.key}>
                    <th scope="row">
                      {m.name}
                      <CellError id={`${id}-${m.key}-serverId`} message={fieldMessage("Server", e.serverId)} />
                    </th>
                    <td>
                      {aa ? (
                        <>
                          Active
                          <CellError id={`${id}-${m.key}-role`} message={fieldMessage("Role", e.role)} />
                        </>
                      ) : (
                        <Cell id={`${id}-${m.key}-role`} error={fieldMessage("Role", e.role)}>
                          {(p) => (
                            <select {...p} className="select select-sm" aria-label={`Role of ${m.name}`} value={m.role} onChange={(ev) => setValues((prev) => setMemberRole(prev, m.key, ev.target.value as TMemberRow["role"]))}>
                              <option value="PRIMARY">{ROLE_LABEL.PRIMARY}</option>
                              <option value="STANDBY">{ROLE_LABEL.STANDBY}</option>
                            </select>
                          )}
                        </Cell>
                      )}
                    </td>
                    <td>
                      <Cell id={`${id}-${m.key}-priority`} error={fieldMessage("Priority", e.priority)}>
                        {(p) => <input {...p} className="input" style={{ width: "6rem" }} type="number" inputMode="numeric" min={0} max={1000} aria-label={`Priority of ${m.name} (0-1000)`} value={m.priority} onChange={(ev) => setRow(m.key, { priority: ev.target.value })} />}
                      </Cell>
                    </td>
                    <td>
                      <Cell id={`${id}-${m.key}-lb`} error={fieldMessage("Backend name", e.lbBackendServer)}>
                        {(p) => <input {...p} className="input mono" maxLength={64} spellCheck={false} autoComplete="off" placeholder="—" aria-label={`Load balancer backend name of ${m.name} (optional)`} value={m.lbBackendServer} onChange={(ev) => setRow(m.key, { lbBackendServer: ev.target.value })} />}
                      </Cell>
                    </td>
                    <td>
                      <button type="button" className="btn btn-sm btn-ghost" onClick={() => setValues((prev) => removeMember(prev, m.key))} aria-label={`Remove ${m.name}`}>
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">Priority 0-1000: the highest standby is promoted first. LB backend name: this member&apos;s server name in the load balancer&apos;s backend (A-Z a-z 0-9 . _ : -), if it has one.</p>

      <div className="form-row">
        <TextField label="Find a server" type="search" value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" spellCheck={false} hint="Filters by name, address or site." />
        <SelectField label="Server to add" value={chosen?.id ?? ""} onChange={(e) => setPick(e.target.value)} disabled={!chosen} hint={servers.isPending ? "Loading servers…" : candidates.length === 0 ? (search ? "No server matches." : "Every server is already a member.") : `${candidates.length} available`}>
          {candidates.length === 0 ? <option value="">—</option> : null}
          {candidates.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.address}{s.site ? `, ${s.site.name}` : ""})
            </option>
          ))}
        </SelectField>
      </div>
      <QueryError result={servers} />
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-sm"
          disabled={!chosen}
          onClick={() => {
            if (!chosen) return;
            setValues((prev) => addMember(prev, chosen));
            setPick("");
          }}
        >
          Add member{chosen ? ` ${chosen.name}` : ""}
        </button>
      </div>
    </fieldset>
  );
}

type CellProps = { "aria-invalid": true | undefined; "aria-describedby": string | undefined };

/** A table cell's control with its error underneath, linked for assistive technology. */
function Cell({ id, error, children }: { id: string; error: string | undefined; children: (p: CellProps) => ReactNode }) {
  return (
    <>
      {children({ "aria-invalid": error ? true : undefined, "aria-describedby": error ? id : undefined })}
      <CellError id={id} message={error} />
    </>
  );
}

function CellError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}
