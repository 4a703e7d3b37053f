"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { ConfirmRow, DetailRow, detailToggle } from "@/components/ui/confirm-row";
import { DataTable, TableState } from "@/components/ui/data-table";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { QueryError, StatusMessage } from "@/components/ui/messages";
import { fieldErrorsOf, useInvalidate, usePostForm } from "@/components/ui/mutations";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { CREDENTIAL_KINDS, type TCredentialKind } from "@/server/inventory/credentials/credentials.types";
import { CREDENTIALS_KEY, SERVERS_KEY, useCredentials } from "./queries";
import { SecretFields, secretFromForm } from "./secret-fields";
import type { TCreateCredentialRequest, TCredential, TUpdateCredentialRequest } from "./types";
import styles from "./inventory.module.css";

const KIND_LABEL: Record<TCredentialKind, string> = { PRIVATE_KEY: "Private key", PASSWORD: "Password" };
const FIELDS = ["name", "username", "kind", "secret", "passphrase"];

function KindField({ value, onChange, hint, error }: { value: TCredentialKind; onChange: (kind: TCredentialKind) => void; hint?: string; error?: string }) {
  return (
    <SelectField label="Kind" name="kind" value={value} onChange={(e) => onChange(e.target.value as TCredentialKind)} hint={hint} error={error}>
      {CREDENTIAL_KINDS.map((k) => (
        <option key={k} value={k}>
          {KIND_LABEL[k]}
        </option>
      ))}
    </SelectField>
  );
}

function AddCredentialForm({ onAdded }: { onAdded: (c: TCredential) => void }) {
  const [kind, setKind] = useState<TCredentialKind>("PRIVATE_KEY");
  const [local, setLocal] = useState<Partial<Record<"name" | "username" | "secret", string>>>({});
  // The form is cleared, and the secret leaves the page, as soon as it is stored.
  const { formRef, mutation: add, fieldErrors: server } = usePostForm<TCreateCredentialRequest, TCredential>({
    url: "/api/v1/credentials",
    invalidate: [CREDENTIALS_KEY],
    onDone: (c) => {
      setKind("PRIVATE_KEY");
      onAdded(c);
    },
  });

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
      <QueryError result={add} fields={FIELDS} />
      <div className="form-row">
        <TextField label="Name" name="name" maxLength={64} autoComplete="off" required error={local.name ?? fieldMessage("Name", server.name)} />
        <TextField label="Login" name="username" maxLength={128} autoComplete="off" autoCapitalize="off" spellCheck={false} required hint="The user Tandem logs in as." error={local.username ?? fieldMessage("Login", server.username)} />
        <KindField value={kind} onChange={setKind} error={fieldMessage("Kind", server.kind)} />
      </div>
      <SecretFields kind={kind} errors={{ secret: local.secret ?? server.secret, passphrase: server.passphrase }} />
      <FormActions label="Add credential" pendingLabel="Checking and saving…" pending={add.isPending} />
    </form>
  );
}

function CredentialRows({ credential: c, onDone }: { credential: TCredential; onDone: (message: string) => void }) {
  const [mode, setMode] = useState<"view" | "edit" | "secret" | "delete">("view");
  const [kind, setKind] = useState<TCredentialKind>(c.kind);
  const nameId = `cred-name-${c.id}`;
  const rowId = `cred-extra-${c.id}`;
  const invalidate = useInvalidate(CREDENTIALS_KEY, SERVERS_KEY);
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
  const server = fieldErrorsOf(update.error);

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
  const expanded = (m: typeof mode) => detailToggle(mode === m, rowId, nameId);

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
        <DetailRow id={rowId} colSpan={7}>
          <form className="inline-form" onSubmit={saveNames} noValidate aria-label={`Edit credential ${c.name}`}>
            <TextField label="Name" name="name" defaultValue={c.name} maxLength={64} required autoFocus error={fieldMessage("Name", server.name)} />
            <TextField label="Login" name="username" defaultValue={c.username} maxLength={128} required autoCapitalize="off" spellCheck={false} error={fieldMessage("Login", server.username)} />
            <FormActions small label="Save" pendingLabel="Saving…" pending={update.isPending} onCancel={() => toggle("edit")} />
          </form>
          <QueryError result={update} fields={FIELDS} />
        </DetailRow>
      ) : null}
      {mode === "secret" ? (
        <DetailRow id={rowId} colSpan={7} wrap>
          <form className="form" onSubmit={saveSecret} noValidate aria-label={`Replace the secret of ${c.name}`}>
            <QueryError result={update} fields={FIELDS} />
            <div className="form-row">
              <KindField value={kind} onChange={setKind} hint={c.usedBy ? `Used by ${c.usedBy} ${c.usedBy === 1 ? "server" : "servers"}.` : undefined} />
            </div>
            <SecretFields kind={kind} errors={{ secret: server.secret, passphrase: server.passphrase }} />
            <FormActions small label="Replace secret" pendingLabel="Checking and saving…" pending={update.isPending} onCancel={() => toggle("secret")} />
          </form>
        </DetailRow>
      ) : null}
      {mode === "delete" ? (
        <ConfirmRow
          id={rowId}
          colSpan={7}
          describedBy={nameId}
          question={c.usedBy > 0 ? `${c.name} cannot be deleted: ${c.usedBy} ${c.usedBy === 1 ? "server uses" : "servers use"} it. Give them another credential first.` : `Delete credential ${c.name}? Its secret is destroyed.`}
          confirmLabel="Yes, delete"
          pendingLabel="Deleting…"
          action={remove}
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
      <Panel titleId="add-credential-title" title="Add a credential">
        <AddCredentialForm onAdded={(c) => setStatus(c.fingerprint ? `Added ${c.name} (${c.fingerprint}).` : `Added ${c.name}.`)} />
      </Panel>

      <StatusMessage>{status}</StatusMessage>
      <QueryError result={credentials} />

      <section className="panel">
        <DataTable caption="SSH credentials" columns={["Name", "Login", "Kind", "Key fingerprint", "Used by", "Updated"]} actions>
          {list.map((c) => (
            <CredentialRows key={c.id} credential={c} onDone={setStatus} />
          ))}
        </DataTable>
        <TableState query={credentials} empty={list.length === 0}>
          No credentials yet. Add the SSH key or password Tandem logs in to your servers with.
        </TableState>
      </section>
    </div>
  );
}
