"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { ConfirmRow, detailToggle } from "@/components/ui/confirm-row";
import { DataTable, TableState } from "@/components/ui/data-table";
import { QueryError, StatusMessage } from "@/components/ui/messages";
import { useInvalidate } from "@/components/ui/mutations";
import { Panel } from "@/components/ui/panel";
import { LB_KIND_LABEL, LoadBalancerForm } from "./load-balancer-form";
import { LOAD_BALANCERS_KEY, useLoadBalancers, type TLoadBalancer } from "./fencing-queries";

const COLUMNS = ["Name", "Kind", "Address or host", "Backend", "Groups"];

function BalancerRows({ balancer: b, onEdit, onDone }: { balancer: TLoadBalancer; onEdit: () => void; onDone: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const nameId = `lb-name-${b.id}`;
  const rowId = `lb-extra-${b.id}`;
  const invalidate = useInvalidate(LOAD_BALANCERS_KEY);
  const remove = useMutation({
    mutationFn: () => fetchJson<null>(`/api/v1/load-balancers/${encodeURIComponent(b.id)}`, { method: "DELETE" }),
    onSuccess: () => onDone(`Deleted load balancer ${b.name}.`),
    onSettled: invalidate,
  });
  const groups = b.groups.map((g) => g.name).join(", ");
  return (
    <>
      <tr>
        <td id={nameId} className="name-cell">
          {b.name}
        </td>
        <td>{LB_KIND_LABEL[b.kind]}</td>
        <td className={b.kind === "HAPROXY" ? "mono" : undefined}>{b.kind === "HAPROXY" ? b.address : (b.host?.name ?? <span className="muted">no host</span>)}</td>
        <td className="mono">{b.backend ?? "—"}</td>
        <td>{groups || <span className="muted">none</span>}</td>
        <td className="actions">
          <button type="button" className="btn btn-sm" onClick={onEdit} aria-describedby={nameId}>
            Edit
          </button>
          <button type="button" className="btn btn-sm btn-danger" onClick={() => (remove.reset(), setConfirming(!confirming))} {...detailToggle(confirming, rowId, nameId)}>
            Delete
          </button>
        </td>
      </tr>
      {confirming ? (
        <ConfirmRow
          id={rowId}
          colSpan={COLUMNS.length + 1}
          describedBy={nameId}
          question={groups ? `${b.name} cannot be deleted: ${groups} ${b.groups.length === 1 ? "uses" : "use"} it. Give them another balancer first.` : `Delete load balancer ${b.name}?`}
          confirmLabel="Yes, delete"
          pendingLabel="Deleting…"
          action={remove}
          onConfirm={groups ? null : () => remove.mutate()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </>
  );
}

export function LoadBalancersPanel() {
  const balancers = useLoadBalancers();
  const [status, setStatus] = useState<string>();
  const [editing, setEditing] = useState<TLoadBalancer | null>(null);
  const [formKey, setFormKey] = useState(0);
  const list = balancers.data?.loadBalancers ?? [];
  const done = (message: string) => {
    setStatus(message);
    setEditing(null);
    setFormKey((k) => k + 1);
  };
  return (
    <div className="stack">
      <Panel titleId="lb-form-title" title={editing ? `Edit ${editing.name}` : "Add a load balancer"}>
        <LoadBalancerForm key={editing ? `edit-${editing.id}-${formKey}` : `new-${formKey}`} balancer={editing ?? undefined} onDone={done} onCancel={editing ? () => setEditing(null) : undefined} />
      </Panel>

      <StatusMessage>{status}</StatusMessage>
      <QueryError result={balancers} />

      <section className="panel">
        <DataTable caption="Load balancers" columns={COLUMNS} actions>
          {list.map((b) => (
            <BalancerRows key={b.id} balancer={b} onEdit={() => (setStatus(undefined), setEditing(b), window.scrollTo({ top: 0 }))} onDone={setStatus} />
          ))}
        </DataTable>
        <TableState query={balancers} empty={list.length === 0}>
          No load balancers yet. Add the HAProxy or the scripted balancer in front of an active-active group, then choose it on the group.
        </TableState>
      </section>
    </div>
  );
}
