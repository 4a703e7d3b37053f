"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { ApiError, errorMessage, fetchJson, formErrorMessage } from "@/components/api/fetch-json";
import { TextField, fieldMessage } from "@/components/ui/field";
import { ErrorAlert, StatusMessage } from "@/components/ui/messages";
import { Time } from "@/components/ui/time";
import { ConfirmRow } from "./confirm-row";
import { SERVERS_KEY, SITES_KEY, useSites } from "./queries";
import type { TCreateSiteRequest, TSite, TUpdateSiteRequest } from "./types";

function AddSiteForm({ onAdded }: { onAdded: (s: TSite) => void }) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [local, setLocal] = useState<string>();
  const add = useMutation({
    mutationFn: (body: TCreateSiteRequest) => fetchJson<TSite>("/api/v1/sites", { method: "POST", body }),
    onSuccess: (s) => {
      formRef.current?.reset();
      onAdded(s);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: SITES_KEY }),
  });
  const server = add.error instanceof ApiError ? add.error.fieldErrors() : {};

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
      {add.isError ? <ErrorAlert>{formErrorMessage(add.error, ["name", "description"])}</ErrorAlert> : null}
      <div className="form-row">
        <TextField label="Name" name="name" maxLength={64} autoComplete="off" required hint="A datacenter, region or zone." error={local ?? fieldMessage("Name", server.name)} />
        <TextField label="Description" name="description" maxLength={500} autoComplete="off" optional error={fieldMessage("Description", server.description)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add site"}
        </button>
      </div>
    </form>
  );
}

function SiteRows({ site, onDone }: { site: TSite; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"view" | "edit" | "delete">("view");
  const nameId = `site-name-${site.id}`;
  const rowId = `site-extra-${site.id}`;
  const invalidate = () => Promise.all([queryClient.invalidateQueries({ queryKey: SITES_KEY }), queryClient.invalidateQueries({ queryKey: SERVERS_KEY })]);

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
  const server = update.error instanceof ApiError ? update.error.fieldErrors() : {};

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
        <td className="wrap">{site.description || <span className="muted">—</span>}</td>
        <td>{site.serverCount}</td>
        <td>
          <Time iso={site.createdAt} precision="day" />
        </td>
        <td className="actions">
          <button type="button" className="btn btn-sm" aria-describedby={nameId} aria-expanded={mode === "edit"} aria-controls={mode === "edit" ? rowId : undefined} onClick={() => (mode === "edit" ? close() : setMode("edit"))}>
            Edit
          </button>
          <button type="button" className="btn btn-sm btn-danger" aria-describedby={nameId} aria-expanded={mode === "delete"} aria-controls={mode === "delete" ? rowId : undefined} onClick={() => (mode === "delete" ? close() : setMode("delete"))}>
            Delete
          </button>
        </td>
      </tr>
      {mode === "edit" ? (
        <tr id={rowId} className="confirm-row">
          <td colSpan={5}>
            <form className="inline-form" onSubmit={save} noValidate aria-label={`Edit site ${site.name}`}>
              <TextField label="Name" name="name" defaultValue={site.name} maxLength={64} required autoFocus error={fieldMessage("Name", server.name)} />
              <TextField label="Description" name="description" defaultValue={site.description} maxLength={500} optional error={fieldMessage("Description", server.description)} />
              <div className="form-actions">
                <button type="submit" className="btn btn-sm btn-primary" disabled={update.isPending}>
                  {update.isPending ? "Saving…" : "Save"}
                </button>
                <button type="button" className="btn btn-sm" onClick={close}>
                  Cancel
                </button>
              </div>
            </form>
            {update.isError ? <ErrorAlert>{formErrorMessage(update.error, ["name", "description"])}</ErrorAlert> : null}
          </td>
        </tr>
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
          pending={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : null}
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
      <section className="panel" aria-labelledby="add-site-title">
        <div className="panel-header">
          <h2 id="add-site-title">Add a site</h2>
        </div>
        <div className="panel-body">
          <AddSiteForm onAdded={(s) => setStatus(`Added site ${s.name}.`)} />
        </div>
      </section>

      <StatusMessage>{status}</StatusMessage>
      {sites.isError ? <ErrorAlert>{errorMessage(sites.error)}</ErrorAlert> : null}

      <section className="panel">
        <div className="table-wrap">
          <table className="table">
            <caption>Sites</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Servers</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <SiteRows key={s.id} site={s} onDone={setStatus} />
              ))}
            </tbody>
          </table>
        </div>
        {sites.isPending ? <p className="table-state">Loading…</p> : null}
        {sites.isSuccess && list.length === 0 ? <p className="table-state">No sites yet. Sites let Tandem reason about disaster recovery: a standby in another site survives the loss of the first.</p> : null}
      </section>
    </div>
  );
}
