"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { ROLES, hasRole } from "@/server/auth/roles";
import { ApiError, errorMessage, fetchJson, formErrorMessage } from "@/components/api/fetch-json";
import type { TApiToken, TApiTokenList, TCreateApiTokenRequest, TCreateApiTokenResponse, TRole } from "@/components/api/types";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { ErrorAlert, StatusMessage } from "@/components/ui/messages";
import { Time } from "@/components/ui/time";
import { NewTokenReveal } from "./new-token-reveal";

const TOKENS_KEY = ["api-tokens"] as const;

function tokenStatus(t: TApiToken, now: number): { label: string; tone: string } {
  if (t.revokedAt) return { label: "Revoked", tone: "badge-danger" };
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= now) return { label: "Expired", tone: "badge-warning" };
  return { label: "Active", tone: "badge-success" };
}

function CreateTokenForm({ role, onCreated }: { role: TRole; onCreated: (r: TCreateApiTokenResponse) => void }) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [local, setLocal] = useState<{ name?: string; expires?: string }>({});
  const create = useMutation({
    mutationFn: (body: TCreateApiTokenRequest) => fetchJson<TCreateApiTokenResponse>("/api/v1/api-tokens", { method: "POST", body }),
    onSuccess: (r) => {
      formRef.current?.reset();
      onCreated(r);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
  const server = create.error instanceof ApiError ? create.error.fieldErrors() : {};
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
      {create.isError ? <ErrorAlert>{formErrorMessage(create.error, ["name", "role", "expiresInDays"])}</ErrorAlert> : null}
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
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create token"}
        </button>
      </div>
    </form>
  );
}

/** A token's row, and below it the confirm step while "Revoke" is being confirmed. */
function TokenRows({ token, now, onRevoked }: { token: TApiToken; now: number; onRevoked: (t: TApiToken) => void }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const nameId = `token-name-${token.id}`;
  const confirmId = `token-confirm-${token.id}`;
  const revoke = useMutation({
    mutationFn: () => fetchJson<TApiToken>(`/api/v1/api-tokens/${encodeURIComponent(token.id)}`, { method: "DELETE" }),
    onSuccess: (t) => {
      setConfirming(false);
      onRevoked(t);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
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
              aria-describedby={nameId}
              aria-expanded={confirming}
              aria-controls={confirming ? confirmId : undefined}
              onClick={() => (confirming ? cancel() : setConfirming(true))}
            >
              Revoke
            </button>
          )}
        </td>
      </tr>
      {confirming ? (
        <tr id={confirmId} className="confirm-row">
          <td colSpan={9}>
            <div className="confirm" role="group" aria-labelledby={`${confirmId}-q`} aria-describedby={nameId}>
              <span id={`${confirmId}-q`}>Revoke this token? Anything using it stops working at once.</span>
              <button type="button" className="btn btn-sm btn-danger-solid" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
                {revoke.isPending ? "Revoking…" : "Yes, revoke"}
              </button>
              <button type="button" className="btn btn-sm" autoFocus onClick={cancel}>
                Cancel
              </button>
            </div>
            {revoke.isError ? <ErrorAlert>{errorMessage(revoke.error)}</ErrorAlert> : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}

export function ApiTokensPanel({ role, isAdmin }: { role: TRole; isAdmin: boolean }) {
  const [created, setCreated] = useState<TCreateApiTokenResponse | null>(null);
  const [revokedName, setRevokedName] = useState<string>();
  const tokens = useQuery({
    queryKey: TOKENS_KEY,
    queryFn: ({ signal }) => fetchJson<TApiTokenList>("/api/v1/api-tokens", { signal }),
  });
  const now = Date.now();
  const list = tokens.data?.tokens ?? [];

  return (
    <div className="stack">
      {created ? (
        <NewTokenReveal token={created.token} name={created.apiToken.name} onDone={() => setCreated(null)} />
      ) : null}

      <section className="panel" aria-labelledby="create-token-title">
        <div className="panel-header">
          <h2 id="create-token-title">Create a token</h2>
        </div>
        <div className="panel-body">
          <CreateTokenForm
            role={role}
            onCreated={(r) => {
              setRevokedName(undefined);
              setCreated(r);
            }}
          />
        </div>
      </section>

      <StatusMessage>{revokedName ? `Revoked “${revokedName}”.` : null}</StatusMessage>
      {tokens.isError ? <ErrorAlert>{errorMessage(tokens.error)}</ErrorAlert> : null}

      <section className="panel">
        <div className="table-wrap">
          <table className="table">
            <caption>{isAdmin ? "All API tokens" : "Your API tokens"}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Role</th>
                <th scope="col">Owner</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((t) => (
                <TokenRows key={t.id} token={t} now={now} onRevoked={(r) => setRevokedName(r.name)} />
              ))}
            </tbody>
          </table>
        </div>
        {tokens.isPending ? <p className="table-state">Loading…</p> : null}
        {tokens.isSuccess && list.length === 0 ? <p className="table-state">No API tokens yet.</p> : null}
      </section>
    </div>
  );
}
