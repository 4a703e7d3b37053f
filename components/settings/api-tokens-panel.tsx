"use client";

import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { ROLES, hasRole } from "@/server/auth/roles";
import { fetchJson } from "@/components/api/fetch-json";
import type { TApiToken, TCreateApiTokenRequest, TCreateApiTokenResponse, TRole } from "@/components/api/types";
import { ConfirmRow, detailToggle } from "@/components/ui/confirm-row";
import { DataTable, TableState } from "@/components/ui/data-table";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { QueryError, StatusMessage } from "@/components/ui/messages";
import { useInvalidate, usePostForm } from "@/components/ui/mutations";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { NewTokenReveal } from "./new-token-reveal";
import { TOKENS_KEY, useApiTokens } from "./queries";

function tokenStatus(t: TApiToken, now: number): { label: string; tone: string } {
  if (t.revokedAt) return { label: "Revoked", tone: "badge-danger" };
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= now) return { label: "Expired", tone: "badge-warning" };
  return { label: "Active", tone: "badge-success" };
}

function CreateTokenForm({ role, onCreated }: { role: TRole; onCreated: (r: TCreateApiTokenResponse) => void }) {
  const [local, setLocal] = useState<{ name?: string; expires?: string }>({});
  const { formRef, mutation: create, fieldErrors: server } = usePostForm<TCreateApiTokenRequest, TCreateApiTokenResponse>({ url: "/api/v1/api-tokens", invalidate: [TOKENS_KEY], onDone: onCreated });
  const allowed = ROLES.filter((r) => hasRole(role, r));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const tokenRole = String(form.get("role")) as TRole;
    const expiresRaw = String(form.get("expiresInDays") ?? "").trim();
    const problems: typeof local = {};
    if (!name) problems.name = "Give the token a name, e.g. what will use it.";
    const days = expiresRaw === "" ? null : Number(expiresRaw);
    if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 3650)) problems.expires = "Enter whole days from 1 to 3650, or leave it empty.";
    setLocal(problems);
    if (problems.name || problems.expires) {
      create.reset();
      return;
    }
    create.mutate({ name, role: tokenRole, expiresInDays: days });
  }

  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} noValidate>
      <QueryError result={create} fields={["name", "role", "expiresInDays"]} />
      <div className="form-row">
        <TextField label="Token name" name="name" maxLength={100} autoComplete="off" required error={local.name ?? fieldMessage("Token name", server.name)} />
        <SelectField
          label="Role"
          name="role"
          defaultValue="VIEWER"
          hint="At most your own role."
          error={fieldMessage("Role", server.role)}
        >
          {allowed.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Expires in (days)"
          name="expiresInDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          step={1}
          optional
          hint="Leave empty for a token that never expires."
          error={local.expires ?? fieldMessage("Expires in (days)", server.expiresInDays)}
        />
      </div>
      <FormActions label="Create token" pendingLabel="Creating…" pending={create.isPending} />
    </form>
  );
}

/** A token's row, and below it the confirm step while "Revoke" is being confirmed. */
function TokenRows({ token, now, onRevoked }: { token: TApiToken; now: number; onRevoked: (t: TApiToken) => void }) {
  const [confirming, setConfirming] = useState(false);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const nameId = `token-name-${token.id}`;
  const confirmId = `token-confirm-${token.id}`;
  const invalidate = useInvalidate(TOKENS_KEY);
  const revoke = useMutation({
    mutationFn: () => fetchJson<TApiToken>(`/api/v1/api-tokens/${encodeURIComponent(token.id)}`, { method: "DELETE" }),
    onSuccess: (t) => {
      setConfirming(false);
      onRevoked(t);
    },
    onSettled: invalidate,
  });
  const status = tokenStatus(token, now);

  function cancel() {
    setConfirming(false);
    revoke.reset();
    requestAnimationFrame(() => revokeButton.current?.focus());
  }

  return (
    <>
      <tr>
        <td id={nameId} className="name-cell">
          {token.name}
        </td>
        <td className="mono">{token.prefix}…</td>
        <td>{token.role}</td>
        <td>{token.owner.email}</td>
        <td>
          <Time iso={token.createdAt} precision="day" />
        </td>
        <td>
          <Time iso={token.lastUsedAt} fallback="Never" precision="minutes" />
        </td>
        <td>
          <Time iso={token.expiresAt} fallback="Never" precision="day" />
        </td>
        <td>
          <span className={`badge badge-dot ${status.tone}`}>{status.label}</span>
        </td>
        <td className="actions">
          {token.revokedAt ? null : (
            <button
              ref={revokeButton}
              type="button"
              className="btn btn-sm btn-danger"
              {...detailToggle(confirming, confirmId, nameId)}
              onClick={() => (confirming ? cancel() : setConfirming(true))}
            >
              Revoke
            </button>
          )}
        </td>
      </tr>
      {confirming ? (
        <ConfirmRow
          id={confirmId}
          colSpan={9}
          describedBy={nameId}
          question="Revoke this token? Anything using it stops working at once."
          confirmLabel="Yes, revoke"
          pendingLabel="Revoking…"
          action={revoke}
          onConfirm={() => revoke.mutate()}
          onCancel={cancel}
        />
      ) : null}
    </>
  );
}

export function ApiTokensPanel({ role, isAdmin }: { role: TRole; isAdmin: boolean }) {
  const [created, setCreated] = useState<TCreateApiTokenResponse | null>(null);
  const [revokedName, setRevokedName] = useState<string>();
  const tokens = useApiTokens();
  const now = Date.now();
  const list = tokens.data?.tokens ?? [];

  return (
    <div className="stack">
      {created ? (
        <NewTokenReveal token={created.token} name={created.apiToken.name} onDone={() => setCreated(null)} />
      ) : null}

      <Panel titleId="create-token-title" title="Create a token">
        <CreateTokenForm
          role={role}
          onCreated={(r) => {
            setRevokedName(undefined);
            setCreated(r);
          }}
        />
      </Panel>

      <StatusMessage>{revokedName ? `Revoked “${revokedName}”.` : null}</StatusMessage>
      <QueryError result={tokens} />

      <section className="panel">
        <DataTable caption={isAdmin ? "All API tokens" : "Your API tokens"} columns={["Name", "Token", "Role", "Owner", "Created", "Last used", "Expires", "Status"]} actions>
          {list.map((t) => (
            <TokenRows key={t.id} token={t} now={now} onRevoked={(r) => setRevokedName(r.name)} />
          ))}
        </DataTable>
        <TableState query={tokens} empty={list.length === 0}>
          No API tokens yet.
        </TableState>
      </section>
    </div>
  );
}
