"use client";

import { useState } from "react";
import { ConfirmRow, DetailRow, detailToggle } from "@/components/ui/confirm-row";
import { DataTable, TableState } from "@/components/ui/data-table";
import { QueryError, StatusMessage } from "@/components/ui/messages";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { useChannelDeliveries, useChannels, useCreateChannel, useDeleteChannel, useTestChannel, useUpdateChannel } from "./admin-queries";
import { ChannelForm } from "./channel-form";
import { KIND_LABEL } from "./channel-kind-fields";
import { DELIVERY_COLUMNS, DeliveryRows } from "./delivery-rows";
import { severityLabel } from "./labels";
import { scopeSummary, useScopeNames } from "./scope-fields";
import type { TChannel } from "./types";
import styles from "./alerts.module.css";

const COLUMNS = ["Channel", "Kind", "Target", "Min severity", "Routing", "Repeat", "Enabled", "Last delivery"];

function kindText(c: TChannel): string {
  return c.kind === "WEBHOOK" ? `Webhook (${c.format === "slack" ? "Slack" : "JSON"})` : KIND_LABEL[c.kind];
}

/** Where it goes: the masked URL, or the mail server and recipients. */
function targetText(c: TChannel): string {
  return c.email ? `${c.email.to.join(", ")} via ${c.email.host}:${c.email.port}` : c.urlPreview;
}

function TestResult({ test, kind }: { test: ReturnType<typeof useTestChannel>; kind: TChannel["kind"] }) {
  if (test.isError) return <QueryError result={test} />;
  if (!test.data) return null;
  const r = test.data;
  return (
    <p className={styles.testResult} role="status" data-testid="channel-test-result">
      {r.ok ? <span className="badge badge-success">Delivered</span> : <span className="badge badge-danger">Failed</span>}
      {r.status !== null ? ` ${kind === "EMAIL" ? "SMTP" : "HTTP"} ${r.status}` : ""}
      {r.error ? ` · ${r.error}` : ""}
    </p>
  );
}

function Deliveries({ channel }: { channel: TChannel }) {
  const q = useChannelDeliveries(channel.id, true);
  const list = q.data?.deliveries ?? [];
  return (
    <>
      <QueryError result={q} />
      <DataTable caption={`Recent deliveries of ${channel.name}`} columns={DELIVERY_COLUMNS.filter((c) => c !== "Channel")}>
        <DeliveryRows deliveries={list} showChannel={false} />
      </DataTable>
      <TableState query={q} empty={list.length === 0}>
        Nothing sent yet.
      </TableState>
    </>
  );
}

function ChannelRows({ channel, routing, onDone }: { channel: TChannel; routing: string; onDone: (m: string) => void }) {
  const [mode, setMode] = useState<"view" | "edit" | "delete" | "log">("view");
  const nameId = `channel-name-${channel.id}`;
  const rowId = `channel-extra-${channel.id}`;
  const update = useUpdateChannel(channel.id, (c) => {
    setMode("view");
    onDone(`Saved channel ${c.name}.`);
  });
  const remove = useDeleteChannel(channel.id, () => onDone(`Deleted channel ${channel.name}.`));
  const test = useTestChannel(channel.id);
  const close = () => {
    setMode("view");
    update.reset();
    remove.reset();
  };
  const toggle = (m: typeof mode) => (mode === m ? close() : setMode(m));
  const cols = COLUMNS.length + 1;
  const last = channel.lastDelivery;

  return (
    <>
      <tr>
        <th scope="row" id={nameId}>
          {channel.name}
        </th>
        <td>{kindText(channel)}</td>
        <td className="mono wrap">
          {targetText(channel)}
          {channel.hasSigningSecret ? <span className="badge">Signed</span> : null}
        </td>
        <td>{severityLabel(channel.minSeverity)}</td>
        <td className="wrap">{routing}</td>
        <td className="nowrap">{channel.repeatIntervalMinutes} min</td>
        <td>{channel.enabled ? "Yes" : <span className="muted">No</span>}</td>
        <td className="nowrap">
          {last ? (
            <span title={last.error ?? undefined}>
              {last.state.charAt(0) + last.state.slice(1).toLowerCase()} · <Time iso={last.at} precision="minutes" />
            </span>
          ) : (
            <span className="muted">Never</span>
          )}
        </td>
        <td className="actions">
          <button type="button" className="btn btn-sm" aria-describedby={nameId} disabled={test.isPending} onClick={() => test.mutate()}>
            {test.isPending ? "Sending…" : "Send test"}
          </button>
          <button type="button" className="btn btn-sm" {...detailToggle(mode === "log", rowId, nameId)} onClick={() => toggle("log")}>
            Deliveries
          </button>
          <button type="button" className="btn btn-sm" {...detailToggle(mode === "edit", rowId, nameId)} onClick={() => toggle("edit")}>
            Edit
          </button>
          <button type="button" className="btn btn-sm btn-danger" {...detailToggle(mode === "delete", rowId, nameId)} onClick={() => toggle("delete")}>
            Delete
          </button>
        </td>
      </tr>
      {test.isError || test.data ? (
        <DetailRow id={`${rowId}-test`} colSpan={cols}>
          <TestResult test={test} kind={channel.kind} />
        </DetailRow>
      ) : null}
      {mode === "edit" ? (
        <DetailRow id={rowId} colSpan={cols} wrap>
          <ChannelForm channel={channel} label={`Edit channel ${channel.name}`} mutation={update} onUpdate={(b) => update.mutate(b)} onCancel={close} />
        </DetailRow>
      ) : null}
      {mode === "log" ? (
        <DetailRow id={rowId} colSpan={cols} wrap>
          <Deliveries channel={channel} />
        </DetailRow>
      ) : null}
      {mode === "delete" ? (
        <ConfirmRow
          id={rowId}
          colSpan={cols}
          describedBy={nameId}
          question={`Delete channel ${channel.name}? Its delivery log goes with it.`}
          confirmLabel="Yes, delete"
          pendingLabel="Deleting…"
          action={remove}
          onConfirm={() => remove.mutate()}
          onCancel={close}
        />
      ) : null}
    </>
  );
}

function AddChannel({ onDone }: { onDone: (m: string) => void }) {
  const [round, setRound] = useState(0);
  const create = useCreateChannel((c) => {
    setRound((n) => n + 1);
    onDone(`Added channel ${c.name}.`);
  });
  return (
    <Panel titleId="add-channel-title" title="Add a channel">
      <ChannelForm key={round} label="New notification channel" mutation={create} onCreate={(b) => create.mutate(b)} />
    </Panel>
  );
}

/** Where alerts are sent: webhooks (JSON or Slack), PagerDuty, email and Teams, each with its routing and delivery log. */
export function ChannelsAdmin() {
  const channels = useChannels();
  const names = useScopeNames();
  const [status, setStatus] = useState<string>();
  const list = channels.data?.channels ?? [];
  return (
    <div className="stack">
      <StatusMessage>{status}</StatusMessage>
      <QueryError result={channels} />
      <section className="panel">
        <DataTable caption="Notification channels" captionHidden columns={COLUMNS} actions>
          {list.map((c) => (
            <ChannelRows key={c.id} channel={c} routing={scopeSummary(c.scope, names)} onDone={setStatus} />
          ))}
        </DataTable>
        <TableState query={channels} empty={list.length === 0}>
          No channels yet: alerts show in Tandem only.
        </TableState>
      </section>
      <AddChannel onDone={setStatus} />
    </div>
  );
}
