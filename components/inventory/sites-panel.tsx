"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { ConfirmRow, DetailRow, detailToggle } from "@/components/ui/confirm-row";
import { ClippedText } from "@/components/ui/clipped-text";
import { DataTable, TableState } from "@/components/ui/data-table";
import { TextField, fieldMessage } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { QueryError, StatusMessage } from "@/components/ui/messages";
import { fieldErrorsOf, useInvalidate, usePostForm } from "@/components/ui/mutations";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { SERVERS_KEY, SITES_KEY, useSites } from "./queries";
import type { TCreateSiteRequest, TSite, TUpdateSiteRequest } from "./types";

function AddSiteForm({ onAdded }: { onAdded: (s: TSite) => void }) {
  const [local, setLocal] = useState<string>();
  const { formRef, mutation: add, fieldErrors: server } = usePostForm<TCreateSiteRequest, TSite>({ url: "/api/v1/sites", invalidate: [SITES_KEY], onDone: onAdded });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const description = String(form.get("description") ?? "").trim();
    setLocal(name ? undefined : "Name the site, e.g. fra1 or Frankfurt DC.");
    if (!name) return add.reset();
    add.mutate({ name, description });
  }

  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} noValidate>
      <QueryError result={add} fields={["name", "description"]} />
      <div className="form-row">
        <TextField label="Name" name="name" maxLength={64} autoComplete="off" required hint="A datacenter, region or zone." error={local ?? fieldMessage("Name", server.name)} />
        <TextField label="Description" name="description" maxLength={500} autoComplete="off" optional error={fieldMessage("Description", server.description)} />
      </div>
      <FormActions label="Add site" pendingLabel="Adding…" pending={add.isPending} />
    </form>
  );
}

function SiteRows({ site, onDone }: { site: TSite; onDone: (message: string) => void }) {
  const [mode, setMode] = useState<"view" | "edit" | "delete">("view");
  const nameId = `site-name-${site.id}`;
  const rowId = `site-extra-${site.id}`;
  const invalidate = useInvalidate(SITES_KEY, SERVERS_KEY);

  const update = useMutation({
    mutationFn: (body: TUpdateSiteRequest) => fetchJson<TSite>(`/api/v1/sites/${encodeURIComponent(site.id)}`, { method: "PATCH", body }),
    onSuccess: (s) => {
      setMode("view");
      onDone(`Saved site ${s.name}.`);
    },
    onSettled: invalidate,
  });
  const remove = useMutation({
    mutationFn: () => fetchJson<null>(`/api/v1/sites/${encodeURIComponent(site.id)}`, { method: "DELETE" }),
    onSuccess: () => onDone(`Deleted site ${site.name}.`),
    onSettled: invalidate,
  });
  const server = fieldErrorsOf(update.error);

  function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    update.mutate({ name: String(form.get("name") ?? "").trim(), description: String(form.get("description") ?? "").trim() });
  }
  function close() {
    setMode("view");
    update.reset();
    remove.reset();
  }

  return (
    <>
      <tr>
        <td id={nameId} className="name-cell">
          {site.name}
        </td>
        <td className="clip-fill">{site.description ? <ClippedText text={site.description} /> : <span className="muted">—</span>}</td>
        <td>{site.serverCount}</td>
        <td>
          <Time iso={site.createdAt} precision="day" />
        </td>
        <td className="actions">
          <button type="button" className="btn btn-sm" {...detailToggle(mode === "edit", rowId, nameId)} onClick={() => (mode === "edit" ? close() : setMode("edit"))}>
            Edit
          </button>
          <button type="button" className="btn btn-sm btn-danger" {...detailToggle(mode === "delete", rowId, nameId)} onClick={() => (mode === "delete" ? close() : setMode("delete"))}>
            Delete
          </button>
        </td>
      </tr>
      {mode === "edit" ? (
        <DetailRow id={rowId} colSpan={5}>
          <form className="inline-form" onSubmit={save} noValidate aria-label={`Edit site ${site.name}`}>
            <TextField label="Name" name="name" defaultValue={site.name} maxLength={64} required autoFocus error={fieldMessage("Name", server.name)} />
            <TextField label="Description" name="description" defaultValue={site.description} maxLength={500} optional error={fieldMessage("Description", server.description)} />
            <FormActions small label="Save" pendingLabel="Saving…" pending={update.isPending} onCancel={close} />
          </form>
          <QueryError result={update} fields={["name", "description"]} />
        </DetailRow>
      ) : null}
      {mode === "delete" ? (
        <ConfirmRow
          id={rowId}
          colSpan={5}
          describedBy={nameId}
          question={
            site.serverCount > 0
              ? `${site.name} cannot be deleted: ${site.serverCount} ${site.serverCount === 1 ? "server is" : "servers are"} located there. Move them to another site first.`
              : `Delete site ${site.name}?`
          }
          confirmLabel="Yes, delete"
          pendingLabel="Deleting…"
          action={remove}
          onConfirm={site.serverCount > 0 ? null : () => remove.mutate()}
          onCancel={close}
        />
      ) : null}
    </>
  );
}

export function SitesPanel() {
  const sites = useSites();
  const [status, setStatus] = useState<string>();
  const list = sites.data?.sites ?? [];
  return (
    <div className="stack">
      <Panel titleId="add-site-title" title="Add a site">
        <AddSiteForm onAdded={(s) => setStatus(`Added site ${s.name}.`)} />
      </Panel>

      <StatusMessage>{status}</StatusMessage>
      <QueryError result={sites} />

      <section className="panel">
        <DataTable caption="Sites" columns={["Name", "Description", "Servers", "Created"]} actions>
          {list.map((s) => (
            <SiteRows key={s.id} site={s} onDone={setStatus} />
          ))}
        </DataTable>
        <TableState query={sites} empty={list.length === 0}>
          No sites yet. Sites let Tandem reason about disaster recovery: a standby in another site survives the loss of the first.
        </TableState>
      </section>
    </div>
  );
}
