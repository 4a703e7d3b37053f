"use client";

import { useMutation } from "@tanstack/react-query";
import { Fragment, useId, useState } from "react";
import { ROLES } from "@/server/auth/roles";
import { errorMessage, fetchJson } from "@/components/api/fetch-json";
import type { TRole, TUpdateUserRequest, TUser } from "@/components/api/types";
import { DetailRow, detailToggle } from "@/components/ui/confirm-row";
import { DataTable, TableState } from "@/components/ui/data-table";
import { ErrorAlert, QueryError, StatusMessage } from "@/components/ui/messages";
import { useInvalidate } from "@/components/ui/mutations";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { AddUserForm } from "./add-user-form";
import { USERS_KEY, useUsers } from "./queries";
import { ResetPasswordForm } from "./reset-password-form";

type Change = { user: TUser; patch: TUpdateUserRequest };

function describe({ user, patch }: Change): string {
  if (patch.role) return `${user.email} is now ${patch.role}.`;
  if (patch.disabled === true) return `Disabled ${user.email}; their sessions have ended.`;
  if (patch.disabled === false) return `Enabled ${user.email}.`;
  if (patch.password) return `Password for ${user.email} reset; their sessions have ended.`;
  return `Updated ${user.email}.`;
}

export function UsersPanel({ currentUserId }: { currentUserId: string }) {
  const tableId = useId();
  const [status, setStatus] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [resetFor, setResetFor] = useState<string | null>(null);

  const users = useUsers();
  const invalidate = useInvalidate(USERS_KEY);

  const update = useMutation({
    mutationFn: ({ user, patch }: Change) => fetchJson<TUser>(`/api/v1/users/${encodeURIComponent(user.id)}`, { method: "PATCH", body: patch }),
    onMutate: () => {
      setStatus(undefined);
      setFailure(undefined);
    },
    onSuccess: (_user, change) => {
      setStatus(describe(change));
      if (change.patch.password) setResetFor(null);
      // An admin who demoted themselves can no longer manage users.
      if (change.user.id === currentUserId && change.patch.role && change.patch.role !== "ADMIN") window.location.assign("/settings");
    },
    onError: (e, change) => setFailure(`Could not update ${change.user.email}: ${errorMessage(e)}`),
    onSettled: invalidate,
  });
  const pendingFor = update.isPending ? update.variables?.user.id : undefined;
  const list = users.data?.users ?? [];

  return (
    <div className="stack">
      <Panel titleId="add-user-title" title="Add user">
        <AddUserForm
          onAdded={(u) => {
            setFailure(undefined);
            setStatus(`Added ${u.email} as ${u.role}. Give them their initial password by a safe channel.`);
          }}
        />
      </Panel>

      <StatusMessage>{status}</StatusMessage>
      {failure ? <ErrorAlert>{failure}</ErrorAlert> : null}
      <QueryError result={users} />

      <section className="panel">
        <DataTable caption="All users" id={tableId} columns={["Email", "Name", "Role", "Status", "Last login"]} actions>
          {list.map((u) => {
            const self = u.id === currentUserId;
            const busy = pendingFor === u.id;
            const resetOpen = resetFor === u.id;
            const resetRowId = `${tableId}-reset-${u.id}`;
            const emailId = `${tableId}-email-${u.id}`;
            return (
              <Fragment key={u.id}>
                <tr>
                  <td>
                    <span id={emailId}>{u.email}</span>
                    {self ? <span className="muted"> (you)</span> : null}
                    {u.sso ? (
                      <>
                        {" "}
                        <span className="badge badge-accent" title="Signs in through single sign-on; the role follows the IdP's groups at each sign-in">
                          SSO
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td className="name-cell">{u.name}</td>
                  <td>
                    <select
                      className="select select-sm"
                      aria-label={`Role for ${u.email}`}
                      value={u.role}
                      disabled={busy}
                      onChange={(e) => update.mutate({ user: u, patch: { role: e.target.value as TRole } })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <span className={`badge badge-dot ${u.disabled ? "badge-danger" : "badge-success"}`}>{u.disabled ? "Disabled" : "Active"}</span>
                  </td>
                  <td className="nowrap">
                    <Time iso={u.lastLoginAt} fallback="Never" precision="minutes" />
                  </td>
                  <td className="actions">
                    {self ? null : (
                      <button
                        type="button"
                        className={`btn btn-sm ${u.disabled ? "" : "btn-danger"}`}
                        disabled={busy}
                        aria-describedby={emailId}
                        onClick={() => update.mutate({ user: u, patch: { disabled: !u.disabled } })}
                      >
                        {u.disabled ? "Enable" : "Disable"}
                      </button>
                    )}
                    {u.sso ? null : (
                      <button type="button" className="btn btn-sm" {...detailToggle(resetOpen, resetRowId, emailId)} onClick={() => setResetFor(resetOpen ? null : u.id)}>
                        Reset password
                      </button>
                    )}
                  </td>
                </tr>
                {resetOpen ? (
                  <DetailRow id={resetRowId} colSpan={6}>
                    <ResetPasswordForm
                      user={u}
                      pending={busy}
                      onSubmit={(password) => update.mutate({ user: u, patch: { password } })}
                      onCancel={() => setResetFor(null)}
                    />
                  </DetailRow>
                ) : null}
              </Fragment>
            );
          })}
        </DataTable>
        <TableState query={users} empty={list.length === 0}>
          No users yet.
        </TableState>
      </section>
    </div>
  );
}
