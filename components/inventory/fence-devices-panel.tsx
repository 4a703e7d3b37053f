"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { ConfirmRow, detailToggle } from "@/components/ui/confirm-row";
import { DataTable, TableState } from "@/components/ui/data-table";
import { QueryError, StatusMessage } from "@/components/ui/messages";
import { useInvalidate } from "@/components/ui/mutations";
import { Panel } from "@/components/ui/panel";
import { FenceDeviceForm, KIND_LABEL } from "./fence-device-form";
import { FENCE_DEVICES_KEY, useFenceDevices, type TFenceDevice } from "./fencing-queries";
import own from "./fencing.module.css";

const COLUMNS = ["Name", "Kind", "Fencing server", "Targets", "Secrets", "Groups"];

function DeviceRows({ device: d, onEdit, onDone }: { device: TFenceDevice; onEdit: () => void; onDone: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const nameId = `fence-name-${d.id}`;
  const rowId = `fence-extra-${d.id}`;
  const invalidate = useInvalidate(FENCE_DEVICES_KEY);
  const remove = useMutation({
    mutationFn: () => fetchJson<null>(`/api/v1/fence-devices/${encodeURIComponent(d.id)}`, { method: "DELETE" }),
    onSuccess: () => onDone(`Deleted fence device ${d.name}.`),
    onSettled: invalidate,
  });
  return (
    <>
      <tr>
        <td id={nameId} className="name-cell">
          {d.name}
          {d.description ? <div className="muted">{d.description}</div> : null}
        </td>
        <td>{KIND_LABEL[d.kind]}</td>
        <td>{d.fencingServer.name}</td>
        <td>
          <div className={own.names}>
            {d.targets.length === 0 ? <span className="muted">none</span> : null}
            {d.targets.map((t) => (
              <span key={t.serverId} className="badge" title={`plug ${t.plug}`}>
                {t.name} <span className="mono">({t.plug})</span>
              </span>
            ))}
          </div>
        </td>
        <td>
          {!d.secretsReadable ? (
            <span className="badge badge-danger" title="Sealed with another TANDEM_SECRET">
              Cannot be opened: set them again
            </span>
          ) : (
            <div className={own.names}>
              {d.secretNames.length === 0 ? <span className="muted">none</span> : null}
              {d.secretNames.map((n) => (
                <span key={n} className="badge badge-success">
                  <span className="mono">{n}</span> set
                </span>
              ))}
            </div>
          )}
        </td>
        <td>{d.groups.length ? d.groups.map((g) => g.name).join(", ") : <span className="muted">none</span>}</td>
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
          question={
            d.groups.length > 0
              ? `${d.name} cannot be deleted: it is a fencing level of ${d.groups.map((g) => g.name).join(", ")}. Remove it from their fencing levels first.`
              : `Delete fence device ${d.name}? Its secrets are destroyed.`
          }
          confirmLabel="Yes, delete"
          pendingLabel="Deleting…"
          action={remove}
          onConfirm={d.groups.length > 0 ? null : () => remove.mutate()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </>
  );
}

export function FenceDevicesPanel() {
  const devices = useFenceDevices();
  const [status, setStatus] = useState<string>();
  const [editing, setEditing] = useState<TFenceDevice | null>(null);
  // Remounts the form after a save, so a new device starts from a clean form.
  const [formKey, setFormKey] = useState(0);
  const list = devices.data?.fenceDevices ?? [];
  const done = (message: string) => {
    setStatus(message);
    setEditing(null);
    setFormKey((k) => k + 1);
  };
  return (
    <div className="stack">
      <Panel titleId="fence-device-form-title" title={editing ? `Edit ${editing.name}` : "Add a fence device"}>
        <FenceDeviceForm key={editing ? `edit-${editing.id}-${formKey}` : `new-${formKey}`} device={editing ?? undefined} onDone={done} onCancel={editing ? () => setEditing(null) : undefined} />
      </Panel>

      <StatusMessage>{status}</StatusMessage>
      <QueryError result={devices} />

      <section className="panel">
        <DataTable caption="Fence devices" columns={COLUMNS} actions>
          {list.map((d) => (
            <DeviceRows key={d.id} device={d} onEdit={() => (setStatus(undefined), setEditing(d), window.scrollTo({ top: 0 }))} onDone={setStatus} />
          ))}
        </DataTable>
        <TableState query={devices} empty={list.length === 0}>
          No fence devices yet. Add the hypervisor, BMC or cloud API that can power your servers off when they stop answering.
        </TableState>
      </section>
    </div>
  );
}
