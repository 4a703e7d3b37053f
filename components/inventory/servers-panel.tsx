"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { errorMessage, fetchJson } from "@/components/api/fetch-json";
import { ConfirmRow, DetailRow, detailToggle } from "@/components/ui/confirm-row";
import { DataTable, TableState } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorAlert, QueryError, StatusMessage } from "@/components/ui/messages";
import { useInvalidate } from "@/components/ui/mutations";
import { Panel } from "@/components/ui/panel";
import { useFilterForm } from "@/components/ui/use-filter-form";
import { HOST_STATES } from "@/server/inventory/servers/servers.types";
import { ConnectionResult } from "./connection-result";
import { SERVERS_KEY, SITES_KEY, CREDENTIALS_KEY, useCredentials, useServers, useSites, type ServerFilters } from "./queries";
import { endpoint } from "./format";
import { ServerForm } from "./server-form";
import { StateBadge, stateLabel, useNow } from "./state-badge";
import { TagList } from "./tag-list";
import type { TServer, TServerTestConnectionResult, TUpdateServerRequest } from "./types";
import styles from "./inventory.module.css";

const PAGE = 200;
const COLUMNS = 8;

function ServerRows({ server: s, now, onEdit, onDone, onFail }: { server: TServer; now: number; onEdit: () => void; onDone: (message: string) => void; onFail: (message: string) => void }) {
  const [mode, setMode] = useState<"view" | "test" | "delete">("view");
  const nameId = `server-name-${s.id}`;
  const rowId = `server-extra-${s.id}`;
  const url = `/api/v1/servers/${encodeURIComponent(s.id)}`;
  const invalidate = useInvalidate(SERVERS_KEY, SITES_KEY, CREDENTIALS_KEY);

  const test = useMutation({ mutationFn: () => fetchJson<TServerTestConnectionResult>(`${url}/test-connection`, { method: "POST" }) });
  const patch = useMutation({
    mutationFn: (body: TUpdateServerRequest) => fetchJson<TServer>(url, { method: "PATCH", body }),
    onSuccess: (updated, body) => {
      onDone(body.hostKeyFingerprint ? `Pinned ${body.hostKeyFingerprint} for ${updated.name}.` : `${updated.name} is now ${updated.enabled ? "enabled" : "disabled"}.`);
      // Test again against the new pin, so the result shown is not the one from before pinning.
      if (body.hostKeyFingerprint && mode === "test") test.mutate();
    },
    onMutate: () => onFail(""),
    onError: (e) => onFail(`Could not update ${s.name}: ${errorMessage(e)}`),
    onSettled: invalidate,
  });
  const remove = useMutation({
    mutationFn: () => fetchJson<null>(url, { method: "DELETE" }),
    onSuccess: () => onDone(`Removed ${s.name} and its history.`),
    onSettled: invalidate,
  });

  function toggle(next: typeof mode) {
    remove.reset();
    setMode(mode === next ? "view" : next);
    if (next === "test" && mode !== "test") test.mutate();
  }
  const expanded = (m: typeof mode) => detailToggle(mode === m, rowId, nameId);

  return (
    <>
      <tr>
        <td className="name-cell">
          <span id={nameId}>{s.name}</span>
          {s.description ? <div className="muted">{s.description}</div> : null}
        </td>
        <td className="mono">{endpoint(s.address, s.port)}</td>
        <td>{s.site?.name ?? <span className="muted">—</span>}</td>
        <td>{s.credential?.name ?? <span className="badge badge-warning">None</span>}</td>
        <td>
          {s.tags.length ? <TagList tags={s.tags} /> : <span className="muted">—</span>}
        </td>
        <td>
          {s.enabled ? <StateBadge state={s.state} since={s.stateSince} reason={s.stateReason} now={now} /> : <span className="badge">Disabled</span>}
        </td>
        <td>{s.hostKeyFingerprint ? <span title={s.hostKeyFingerprint}>Pinned</span> : <span className="muted">Not yet</span>}</td>
        <td className="actions">
          <button type="button" className="btn btn-sm" onClick={onEdit} aria-describedby={nameId}>
            Edit
          </button>
          <button type="button" className="btn btn-sm" onClick={() => toggle("test")} disabled={!s.credential} title={s.credential ? undefined : "Give it a credential first"} {...expanded("test")}>
            Test
          </button>
          <button type="button" className="btn btn-sm" onClick={() => patch.mutate({ enabled: !s.enabled })} disabled={patch.isPending} aria-describedby={nameId}>
            {s.enabled ? "Disable" : "Enable"}
          </button>
          <button type="button" className="btn btn-sm btn-danger" onClick={() => toggle("delete")} {...expanded("delete")}>
            Delete
          </button>
        </td>
      </tr>
      {mode === "test" ? (
        <DetailRow id={rowId} colSpan={COLUMNS} wrap>
          {test.isPending ? <p role="status">Connecting to {s.name}…</p> : null}
          <QueryError result={test} />
          {test.data ? (
            <ConnectionResult
              result={test.data}
              pinned={test.data.pinnedFingerprint}
              pinAction={
                test.data.canPin && !s.hostKeyFingerprint
                  ? { label: patch.isPending ? "Pinning…" : "Pin this fingerprint", pending: patch.isPending, onClick: () => patch.mutate({ hostKeyFingerprint: test.data!.fingerprint!, hostKeyAlgorithm: test.data!.algorithm }) }
                  : null
              }
            />
          ) : null}
          <div className="form-actions" style={{ marginTop: 8 }}>
            <button type="button" className="btn btn-sm" onClick={() => test.mutate()} disabled={test.isPending}>
              Test again
            </button>
            <button type="button" className="btn btn-sm" onClick={() => toggle("test")}>
              Close
            </button>
          </div>
        </DetailRow>
      ) : null}
      {mode === "delete" ? (
        <ConfirmRow
          id={rowId}
          colSpan={COLUMNS}
          describedBy={nameId}
          question={`Remove ${s.name}? Its health history goes with it.`}
          confirmLabel="Yes, remove"
          pendingLabel="Removing…"
          action={remove}
          onConfirm={() => remove.mutate()}
          onCancel={() => toggle("delete")}
        />
      ) : null}
    </>
  );
}

function Filters({ sites, onChange }: { sites: { id: string; name: string }[]; onChange: (f: ServerFilters) => void }) {
  const filterForm = useFilterForm({ apply, clear: () => onChange({}), delay: 300 });

  function apply(form: FormData) {
    const q = String(form.get("q") ?? "").trim();
    const tag = String(form.get("tag") ?? "").toLowerCase().split(/[\s,]+/).filter(Boolean);
    const state = form.getAll("state").map(String);
    onChange({ ...(q ? { q } : {}), ...(form.get("site") ? { site: String(form.get("site")) } : {}), ...(tag.length ? { tag } : {}), ...(state.length ? { state } : {}) });
  }

  return (
    <form {...filterForm} className="panel-body" role="search" aria-label="Filter servers">
      <div className="filters">
        <TextField label="Search" name="q" type="search" maxLength={200} hint="Part of a name or address" autoComplete="off" />
        <SelectField label="Site" name="site" defaultValue="">
          <option value="">All sites</option>
          <option value="none">No site</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <TextField label="Tags" name="tag" hint="Servers with all of these" autoComplete="off" spellCheck={false} />
      </div>
      <fieldset className={styles.fieldset} style={{ marginTop: 12 }}>
        <legend>State</legend>
        <div className={styles.summary}>
          {HOST_STATES.map((st) => (
            <label key={st} className={styles.checkbox}>
              <input type="checkbox" name="state" value={st} /> {stateLabel(st)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="reset" className="btn btn-sm">
          Clear filters
        </button>
      </div>
    </form>
  );
}

export function ServersPanel() {
  const [filters, setFilters] = useState<ServerFilters>({});
  const [editing, setEditing] = useState<TServer | "new" | null>(null);
  const [status, setStatus] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [shown, setShown] = useState(PAGE);
  const servers = useServers(filters);
  const sites = useSites();
  const credentials = useCredentials();
  const now = useNow();
  const editorRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (editing) editorRef.current?.scrollIntoView({ block: "start", behavior: "smooth" });
  }, [editing]);

  const list = servers.data?.servers ?? [];
  const filtered = Object.keys(filters).length > 0;

  return (
    <div className="stack">
      {editing ? (
        <Panel titleId="server-editor-title" title={editing === "new" ? "Add a server" : `Edit ${editing.name}`} ref={editorRef}>
          <ServerForm
            key={editing === "new" ? "new" : editing.id}
            server={editing === "new" ? undefined : editing}
            sites={sites.data?.sites ?? []}
            credentials={credentials.data?.credentials ?? []}
            onSaved={(s, created) => {
              setEditing(null);
              setStatus(created ? `Added ${s.name}.` : `Saved ${s.name}.`);
            }}
            onCancel={() => setEditing(null)}
          />
        </Panel>
      ) : (
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={() => setEditing("new")}>
            Add server
          </button>
        </div>
      )}

      <StatusMessage>{status}</StatusMessage>
      {failure ? <ErrorAlert>{failure}</ErrorAlert> : null}
      <QueryError result={servers} />
      {sites.isError || credentials.isError ? <ErrorAlert>{errorMessage(sites.error ?? credentials.error)}</ErrorAlert> : null}

      <Panel titleId="server-filters-title" title="Filters" bodyless>
        <Filters sites={sites.data?.sites ?? []} onChange={(f) => { setFilters(f); setShown(PAGE); }} />
      </Panel>

      <section className="panel">
        <DataTable
          caption={<>Servers{servers.isSuccess ? ` (${list.length}${filtered ? " matching" : ""})` : ""}</>}
          busy={servers.isFetching}
          columns={["Name", "Address", "Site", "Credential", "Tags", "State", "Host key"]}
          actions
        >
          {list.slice(0, shown).map((s) => (
            <ServerRows key={s.id} server={s} now={now} onEdit={() => setEditing(s)} onDone={setStatus} onFail={setFailure} />
          ))}
        </DataTable>
        <TableState query={servers} empty={list.length === 0}>
          {filtered ? "No servers match these filters." : "No servers yet. Add one, or import an Ansible inventory."}
        </TableState>
        {list.length > shown ? (
          <div className="table-footer">
            <span>
              Showing {shown} of {list.length}
            </span>
            <button type="button" className="btn" onClick={() => setShown((n) => n + PAGE)}>
              Show {Math.min(PAGE, list.length - shown)} more
            </button>
          </div>
        ) : null}
      </section>
    </div>
  );
}
