"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { ApiError, errorMessage, fetchJson, formErrorMessage } from "@/components/api/fetch-json";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { ErrorAlert, StatusMessage } from "@/components/ui/messages";
import { Time } from "@/components/ui/time";
import { CREDENTIAL_KINDS, type TCredentialKind } from "@/server/inventory/credentials/credentials.types";
import { ConfirmRow } from "./confirm-row";
import { CREDENTIALS_KEY, SERVERS_KEY, useCredentials } from "./queries";
import { SecretFields, secretFromForm } from "./secret-fields";
import type { TCreateCredentialRequest, TCredential, TUpdateCredentialRequest } from "./types";
import styles from "./inventory.module.css";

const KIND_LABEL: Record<TCredentialKind, string> = { PRIVATE_KEY: "Private key", PASSWORD: "Password" };
const FIELDS = ["name", "username", "kind", "secret", "passphrase"];

function AddCredentialForm({ onAdded }: { onAdded: (c: TCredential) => void }) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<TCredentialKind>("PRIVATE_KEY");
  const [local, setLocal] = useState<Partial<Record<"name" | "username" | "secret", string>>>({});
  const add = useMutation({
    mutationFn: (body: TCreateCredentialRequest) => fetchJson<TCredential>("/api/v1/credentials", { method: "POST", body }),
    onSuccess: (c) => {
      // The secret leaves the page as soon as it is stored.
      formRef.current?.reset();
      setKind("PRIVATE_KEY");
      onAdded(c);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: CREDENTIALS_KEY }),
  });
  const server = add.error instanceof ApiError ? add.error.fieldErrors() : {};

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const username = String(form.get("username") ?? "").trim();
    const secret = secretFromForm(form);
    const problems: typeof local = {};
    if (!name) problems.name = "Name the credential, e.g. deploy-key.";
    if (!username) problems.username = "Enter the login name on the servers, e.g. root or deploy.";
    if (!secret.secret.trim()) problems.secret = kind === "PASSWORD" ? "Enter the password." : "Paste the private key.";
    setLocal(problems);
    if (Object.keys(problems).length) return add.reset();
    add.mutate({ name, username, kind, ...secret });
  }

  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} noValidate>
      {add.isError ? <ErrorAlert>{formErrorMessage(add.error, FIELDS)}</ErrorAlert> : null}
      <div className="form-row">
        <TextField label="Name" name="name" maxLength={64} autoComplete="off" required error={local.name ?? fieldMessage("Name", server.name)} />
        <TextField label="Login" name="username" maxLength={128} autoComplete="off" autoCapitalize="off" spellCheck={false} required hint="The user Tandem logs in as." error={local.username ?? fieldMessage("Login", server.username)} />
        <SelectField label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as TCredentialKind)} error={fieldMessage("Kind", server.kind)}>
          {CREDENTIAL_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </SelectField>
      </div>
      <SecretFields kind={kind} errors={{ secret: local.secret ?? server.secret, passphrase: server.passphrase }} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {add.isPending ? "Checking and saving…" : "Add credential"}
        </button>
      </div>
    </form>
  );
}

function CredentialRows({ credential: c, onDone }: { credential: TCredential; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"view" | "edit" | "secret" | "delete">("view");
  const [kind, setKind] = useState<TCredentialKind>(c.kind);
  const nameId = `cred-name-${c.id}`;
  const rowId = `cred-extra-${c.id}`;
  const invalidate = () => Promise.all([queryClient.invalidateQueries({ queryKey: CREDENTIALS_KEY }), queryClient.invalidateQueries({ queryKey: SERVERS_KEY })]);
  const update = useMutation({
    mutationFn: (body: TUpdateCredentialRequest) => fetchJson<TCredential>(`/api/v1/credentials/${encodeURIComponent(c.id)}`, { method: "PATCH", body }),
    onSuccess: (updated, body) => {
      setMode("view");
      onDone(body.secret ? `Replaced the secret of ${updated.name}; servers using it pick it up on their next connection.` : `Saved ${updated.name}.`);
    },
    onSettled: invalidate,
  });
  const remove = useMutation({
    mutationFn: () => fetchJson<null>(`/api/v1/credentials/${encodeURIComponent(c.id)}`, { method: "DELETE" }),
    onSuccess: () => onDone(`Deleted credential ${c.name}.`),
    onSettled: invalidate,
  });
  const server = update.error instanceof ApiError ? update.error.fieldErrors() : {};

  function toggle(next: typeof mode) {
    update.reset();
    remove.reset();
    setKind(c.kind);
    setMode(mode === next ? "view" : next);
  }
  function saveNames(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    update.mutate({ name: String(form.get("name") ?? "").trim(), username: String(form.get("username") ?? "").trim() });
  }
  function saveSecret(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const secret = secretFromForm(new FormData(e.currentTarget));
    update.mutate({ ...(kind !== c.kind ? { kind } : {}), ...secret });
  }
  const expanded = (m: typeof mode) => ({ "aria-expanded": mode === m, "aria-controls": mode === m ? rowId : undefined, "aria-describedby": nameId });

  return (
    <>
      <tr>
        <td id={nameId} className="name-cell">
          {c.name}
        </td>
        <td className="mono">{c.username}</td>
        <td>{KIND_LABEL[c.kind]}</td>
        <td className={styles.wideCell}>
          {!c.secretReadable ? (
            <span className="badge badge-danger" title="Sealed with another TANDEM_SECRET">
              Cannot be opened: replace the secret
            </span>
          ) : c.fingerprint ? (
            <>
              <span className={styles.fingerprint}>{c.fingerprint}</span> <span className="muted">{c.keyType}</span>
              {c.publicKey ? (
                <details>
                  <summary>Public key</summary>
                  <code className={styles.fingerprint}>{c.publicKey}</code>
                  <p className="hint">Add it to ~/.ssh/authorized_keys of {c.username} on each server.</p>
                </details>
              ) : null}
            </>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td>{c.usedBy}</td>
        <td>
          <Time iso={c.updatedAt} precision="minutes" />
        </td>
        <td className="actions">
          <button type="button" className="btn btn-sm" onClick={() => toggle("edit")} {...expanded("edit")}>
            Edit
          </button>
          <button type="button" className="btn btn-sm" onClick={() => toggle("secret")} {...expanded("secret")}>
            Replace secret
          </button>
          <button type="button" className="btn btn-sm btn-danger" onClick={() => toggle("delete")} {...expanded("delete")}>
            Delete
          </button>
        </td>
      </tr>
      {mode === "edit" ? (
        <tr id={rowId} className="confirm-row">
          <td colSpan={7}>
            <form className="inline-form" onSubmit={saveNames} noValidate aria-label={`Edit credential ${c.name}`}>
              <TextField label="Name" name="name" defaultValue={c.name} maxLength={64} required autoFocus error={fieldMessage("Name", server.name)} />
              <TextField label="Login" name="username" defaultValue={c.username} maxLength={128} required autoCapitalize="off" spellCheck={false} error={fieldMessage("Login", server.username)} />
              <div className="form-actions">
                <button type="submit" className="btn btn-sm btn-primary" disabled={update.isPending}>
                  {update.isPending ? "Saving…" : "Save"}
                </button>
                <button type="button" className="btn btn-sm" onClick={() => toggle("edit")}>
                  Cancel
                </button>
              </div>
            </form>
            {update.isError ? <ErrorAlert>{formErrorMessage(update.error, FIELDS)}</ErrorAlert> : null}
          </td>
        </tr>
      ) : null}
      {mode === "secret" ? (
        <tr id={rowId} className="confirm-row">
          <td colSpan={7} className="wrap">
            <form className="form" onSubmit={saveSecret} noValidate aria-label={`Replace the secret of ${c.name}`}>
              {update.isError ? <ErrorAlert>{formErrorMessage(update.error, FIELDS)}</ErrorAlert> : null}
              <div className="form-row">
                <SelectField label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as TCredentialKind)} hint={c.usedBy ? `Used by ${c.usedBy} ${c.usedBy === 1 ? "server" : "servers"}.` : undefined}>
                  {CREDENTIAL_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {KIND_LABEL[k]}
                    </option>
                  ))}
                </SelectField>
              </div>
              <SecretFields kind={kind} errors={{ secret: server.secret, passphrase: server.passphrase }} />
              <div className="form-actions">
                <button type="submit" className="btn btn-sm btn-primary" disabled={update.isPending}>
                  {update.isPending ? "Checking and saving…" : "Replace secret"}
                </button>
                <button type="button" className="btn btn-sm" onClick={() => toggle("secret")}>
                  Cancel
                </button>
              </div>
            </form>
          </td>
        </tr>
      ) : null}
      {mode === "delete" ? (
        <ConfirmRow
          id={rowId}
          colSpan={7}
          describedBy={nameId}
          question={c.usedBy > 0 ? `${c.name} cannot be deleted: ${c.usedBy} ${c.usedBy === 1 ? "server uses" : "servers use"} it. Give them another credential first.` : `Delete credential ${c.name}? Its secret is destroyed.`}
          confirmLabel="Yes, delete"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : null}
          onConfirm={c.usedBy > 0 ? null : () => remove.mutate()}
          onCancel={() => toggle("delete")}
        />
      ) : null}
    </>
  );
}

export function CredentialsPanel() {
  const credentials = useCredentials();
  const [status, setStatus] = useState<string>();
  const list = credentials.data?.credentials ?? [];
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="add-credential-title">
        <div className="panel-header">
          <h2 id="add-credential-title">Add a credential</h2>
        </div>
        <div className="panel-body">
          <AddCredentialForm onAdded={(c) => setStatus(c.fingerprint ? `Added ${c.name} (${c.fingerprint}).` : `Added ${c.name}.`)} />
        </div>
      </section>

      <StatusMessage>{status}</StatusMessage>
      {credentials.isError ? <ErrorAlert>{errorMessage(credentials.error)}</ErrorAlert> : null}

      <section className="panel">
        <div className="table-wrap">
          <table className="table">
            <caption>SSH credentials</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Login</th>
                <th scope="col">Kind</th>
                <th scope="col">Key fingerprint</th>
                <th scope="col">Used by</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <CredentialRows key={c.id} credential={c} onDone={setStatus} />
              ))}
            </tbody>
          </table>
        </div>
        {credentials.isPending ? <p className="table-state">Loading…</p> : null}
        {credentials.isSuccess && list.length === 0 ? <p className="table-state">No credentials yet. Add the SSH key or password Tandem logs in to your servers with.</p> : null}
      </section>
    </div>
  );
}
