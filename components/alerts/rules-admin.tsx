"use client";

import { useState } from "react";
import { ConfirmRow, DetailRow, detailToggle } from "@/components/ui/confirm-row";
import { DataTable, TableState } from "@/components/ui/data-table";
import { QueryError, StatusMessage } from "@/components/ui/messages";
import { Panel } from "@/components/ui/panel";
import { formatDuration } from "@/components/realtime/clock";
import { SeverityBadge, sourceLabel } from "./labels";
import { useAlertRules, useCreateRule, useDeleteRule, useUpdateRule } from "./admin-queries";
import { RuleForm } from "./rule-form";
import { scopeSummary, useScopeNames } from "./scope-fields";
import { SOURCE_INFO, type TAlertRule } from "./types";

const COLUMNS = ["Rule", "Source", "Severity", "Threshold", "Held for", "Scope", "Enabled"];

function thresholdOf(rule: TAlertRule): string {
  const t = SOURCE_INFO[rule.source].threshold;
  if (!t || rule.condition.threshold === undefined) return "—";
  return t.unit === "%" ? `${rule.condition.threshold} %` : `${rule.condition.threshold} ${t.unit}`;
}

function heldFor(rule: TAlertRule): string {
  if (!SOURCE_INFO[rule.source].holds) return "—";
  const s = rule.condition.forSeconds ?? 0;
  return s === 0 ? "at once" : formatDuration(s * 1000);
}

function RuleRows({ rule, isAdmin, scope, onDone }: { rule: TAlertRule; isAdmin: boolean; scope: string; onDone: (m: string) => void }) {
  const [mode, setMode] = useState<"view" | "edit" | "delete">("view");
  const nameId = `rule-name-${rule.id}`;
  const rowId = `rule-extra-${rule.id}`;
  const update = useUpdateRule(rule.id, (r) => {
    setMode("view");
    onDone(`Saved rule ${r.name}.`);
  });
  const toggle = useUpdateRule(rule.id, (r) => onDone(`${r.enabled ? "Enabled" : "Disabled"} rule ${r.name}.`));
  const remove = useDeleteRule(rule.id, () => onDone(`Deleted rule ${rule.name}.`));
  const close = () => {
    setMode("view");
    update.reset();
    remove.reset();
  };
  const cols = COLUMNS.length + (isAdmin ? 1 : 0);

  return (
    <>
      <tr>
        <th scope="row" id={nameId}>
          {rule.name} {rule.builtin ? <span className="badge">Built-in</span> : null}
        </th>
        <td>{sourceLabel(rule.source)}</td>
        <td>
          <SeverityBadge severity={rule.severity} />
        </td>
        <td className="nowrap">{thresholdOf(rule)}</td>
        <td className="nowrap">{heldFor(rule)}</td>
        <td className="wrap">{scope}</td>
        <td>
          {isAdmin ? (
            <input
              type="checkbox"
              aria-label={`Rule ${rule.name} enabled`}
              checked={rule.enabled}
              disabled={toggle.isPending}
              onChange={(e) => toggle.mutate({ enabled: e.target.checked })}
            />
          ) : rule.enabled ? (
            "Yes"
          ) : (
            <span className="muted">No</span>
          )}
          <QueryError result={toggle} />
        </td>
        {isAdmin ? (
          <td className="actions">
            <button type="button" className="btn btn-sm" {...detailToggle(mode === "edit", rowId, nameId)} onClick={() => (mode === "edit" ? close() : setMode("edit"))}>
              Edit
            </button>
            {rule.builtin ? null : (
              <button type="button" className="btn btn-sm btn-danger" {...detailToggle(mode === "delete", rowId, nameId)} onClick={() => (mode === "delete" ? close() : setMode("delete"))}>
                Delete
              </button>
            )}
          </td>
        ) : null}
      </tr>
      {mode === "edit" ? (
        <DetailRow id={rowId} colSpan={cols} wrap>
          <RuleForm rule={rule} label={`Edit rule ${rule.name}`} mutation={update} onCancel={close} onSubmit={({ source: _source, enabled: _enabled, ...body }) => update.mutate(body)} />
        </DetailRow>
      ) : null}
      {mode === "delete" ? (
        <ConfirmRow
          id={rowId}
          colSpan={cols}
          describedBy={nameId}
          question={`Delete rule ${rule.name}? Alerts it raised stay in the history.`}
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

function AddRule({ onDone }: { onDone: (m: string) => void }) {
  // Remounting the form clears it once the rule is added.
  const [round, setRound] = useState(0);
  const create = useCreateRule((r) => {
    setRound((n) => n + 1);
    onDone(`Added rule ${r.name}.`);
  });
  return (
    <Panel titleId="add-rule-title" title="Add a rule">
      <p className="muted">A rule scoped to some sites, groups or tags overrides the built-in rule of its source there.</p>
      <RuleForm key={round} label="New alert rule" mutation={create} onSubmit={(body) => create.mutate(body)} />
    </Panel>
  );
}

/** The alert rules: everyone reads them, admins change them. */
export function RulesAdmin({ isAdmin }: { isAdmin: boolean }) {
  const rules = useAlertRules();
  const names = useScopeNames();
  const [status, setStatus] = useState<string>();
  const list = rules.data?.rules ?? [];
  return (
    <div className="stack">
      <StatusMessage>{status}</StatusMessage>
      <QueryError result={rules} />
      <section className="panel">
        <DataTable caption="Alert rules" captionHidden columns={COLUMNS} actions={isAdmin}>
          {list.map((r) => (
            <RuleRows key={r.id} rule={r} isAdmin={isAdmin} scope={scopeSummary(r.scope, names)} onDone={setStatus} />
          ))}
        </DataTable>
        <TableState query={rules} empty={list.length === 0}>
          No rules yet.
        </TableState>
      </section>
      {isAdmin ? <AddRule onDone={setStatus} /> : <p className="muted">Only admins change rules.</p>}
    </div>
  );
}
