"use client";

import { useState, type FormEvent } from "react";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { QueryError } from "@/components/ui/messages";
import { fieldErrorsOf } from "@/components/ui/mutations";
import { severityLabel, sourceLabel } from "./labels";
import { readScope, ScopeFields } from "./scope-fields";
import { ALERT_SOURCES, SEVERITIES, SOURCE_INFO, type TAlertRule, type TAlertSource, type TCreateAlertRuleRequest, type TSeverity } from "./types";

const FIELDS = ["name", "source", "severity", "condition.threshold", "condition.forSeconds", "scope"];

type Mutation = { isPending: boolean; isError: boolean; error: unknown };

/**
 * A rule's fields. The condition fields follow the source: a threshold only
 * where the source measures something, "held for" only where it holds.
 * Editing keeps the source (it is what the rule is).
 */
export function RuleForm({
  rule,
  mutation,
  onSubmit,
  onCancel,
  label,
}: {
  rule?: TAlertRule;
  mutation: Mutation;
  onSubmit: (body: TCreateAlertRuleRequest) => void;
  onCancel?: () => void;
  label: string;
}) {
  const [source, setSource] = useState<TAlertSource>(rule?.source ?? "cpu");
  const info = SOURCE_INFO[source];
  const server = fieldErrorsOf(mutation.error);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const threshold = Number(form.get("threshold"));
    const forSeconds = Number(form.get("forSeconds"));
    onSubmit({
      name: String(form.get("name") ?? "").trim(),
      source,
      severity: String(form.get("severity")) as TSeverity,
      enabled: rule?.enabled ?? true,
      condition: {
        ...(info.threshold && form.get("threshold") !== "" ? { threshold } : {}),
        ...(info.holds && form.get("forSeconds") !== "" ? { forSeconds } : {}),
      },
      scope: readScope(form, rule?.scope),
    });
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={label}>
      <QueryError result={mutation} fields={FIELDS} />
      <div className="form-row">
        <TextField label="Name" name="name" defaultValue={rule?.name ?? ""} maxLength={100} required autoComplete="off" error={fieldMessage("Name", server.name)} />
        <SelectField label="Source" name="source" value={source} disabled={Boolean(rule)} onChange={(e) => setSource(e.target.value as TAlertSource)} hint={rule ? "A rule keeps its source." : undefined}>
          {ALERT_SOURCES.map((s) => (
            <option key={s} value={s}>
              {sourceLabel(s)}
            </option>
          ))}
        </SelectField>
        <SelectField label="Severity" name="severity" defaultValue={rule?.severity ?? "WARNING"}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {severityLabel(s)}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="form-row">
        {info.threshold ? (
          <TextField
            key={`t-${source}`}
            label={`Threshold (${info.threshold.unit})`}
            name="threshold"
            type="number"
            step="any"
            min={info.threshold.min}
            max={info.threshold.max}
            defaultValue={rule?.condition.threshold ?? ""}
            hint={`Fires above this, ${info.threshold.min}–${info.threshold.max}.`}
            error={fieldMessage("Threshold", server["condition.threshold"])}
          />
        ) : null}
        {info.holds ? (
          <TextField
            key={`f-${source}`}
            label="Held for (seconds)"
            name="forSeconds"
            type="number"
            min={0}
            max={86_400}
            step={1}
            optional
            defaultValue={rule?.condition.forSeconds ?? ""}
            hint="How long the condition must last before it fires."
            error={fieldMessage("Held for", server["condition.forSeconds"])}
          />
        ) : null}
      </div>
      <ScopeFields scope={rule?.scope} />
      <FormActions small={Boolean(rule)} label={rule ? "Save" : "Add rule"} pendingLabel={rule ? "Saving…" : "Adding…"} pending={mutation.isPending} onCancel={onCancel} />
    </form>
  );
}
