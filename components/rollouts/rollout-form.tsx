"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/components/api/fetch-json";
import { ScopePicker } from "@/components/maintenance/scope-picker";
import { useWindows } from "@/components/maintenance/queries";
import { formatDateTime } from "@/components/ui/format";
import { fieldMessage, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { QueryError } from "@/components/ui/messages";
import { fieldErrorsOf } from "@/components/ui/mutations";
import { useDebounced } from "@/components/ui/use-debounced";
import { REBOOT_LABEL } from "./labels";
import { PlanPreview } from "./plan-preview";
import { useRolloutPlan, useStartRollout } from "./queries";
import { describeRamp, parseRamp } from "./ramp";
import { draftSettings, EMPTY_DRAFT, notReady, serverMessage, type TRolloutDraft } from "./rollout-draft";
import type { TRebootPolicy } from "./types";
import styles from "./rollouts.module.css";

const PREVIEW_DELAY_MS = 400;
// Server field paths the form shows next to a field (anything below them too).
const FIELDS = ["targets", "batches", "failureBudget.perBatch", "failureBudget.overall", "rebootPolicy", "command", "switchoverPrimaries", "windowId", "windowCutoffMinutes", "hostTimeoutSeconds", "gatePolls", "reason", "ticketRef"];
const REBOOT_POLICIES: TRebootPolicy[] = ["if-required", "always", "never"];

const clampInt = (v: string, min: number, max: number) => Math.min(max, Math.max(min, Math.floor(Number(v) || min)));

/**
 * A new rollout: targets, batch sizing and how each host is patched. The
 * planner's preview follows the draft (debounced); Start runs what it shows.
 */
export function RolloutForm({ isAdmin }: { isAdmin: boolean }) {
  const router = useRouter();
  const [draft, setDraft] = useState<TRolloutDraft>(EMPTY_DRAFT);
  const [tried, setTried] = useState(false);
  const [reasonError, setReasonError] = useState<string>();
  const set = (patch: Partial<TRolloutDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const { settings, errors: local } = draftSettings(draft);
  const waiting = notReady(draft, local);
  const plan = useRolloutPlan(useDebounced(settings, PREVIEW_DELAY_MS));
  const start = useStartRollout((r) => router.push(`/rollouts/${r.id}`));
  const windows = useWindows({});
  const openWindows = (windows.data?.windows ?? []).filter((w) => w.status === "scheduled" || w.status === "active");

  // The start's validation errors, else the plan's (same schema), next to their fields.
  const server = { ...fieldErrorsOf(plan.error), ...fieldErrorsOf(start.error) };
  const shown = Object.keys(fieldErrorsOf(start.error)).filter((k) => FIELDS.some((f) => k === f || k.startsWith(`${f}.`)));
  const err = (field: string, label: string) => fieldMessage(label, serverMessage(server, field));
  const ramp = parseRamp(draft.ramp);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setTried(true);
    const reason = draft.reason.trim();
    setReasonError(reason ? undefined : "Say why: it is recorded with the rollout.");
    if (!settings || !reason) return;
    const ticketRef = draft.ticketRef.trim();
    start.mutate({ ...settings, reason, ...(ticketRef ? { ticketRef } : {}) });
  }

  const conflict = start.error instanceof ApiError && start.error.status === 409;
  const busy = start.isPending || start.isSuccess;
  return (
    <form className={styles.newForm} onSubmit={submit} noValidate aria-label="New rollout">
      <div className={styles.formMain}>
        <ScopePicker title="Targets" value={draft.targets} onChange={(targets) => set({ targets })} error={err("targets", "Targets") ?? (tried && waiting && !Object.keys(local).length ? waiting : undefined)} />

        <fieldset>
          <legend>Batches</legend>
          <TextField
            label="Batch sizes"
            value={draft.ramp}
            onChange={(e) => set({ ramp: e.target.value })}
            autoComplete="off"
            spellCheck={false}
            error={local.batches ?? err("batches", "Batch sizes")}
            hint={ramp.ok ? `${describeRamp(ramp.value)}. Counts or percents of the rollout's hosts; the last size repeats.` : "Counts or percents, e.g. 1, 10%, 25%: the last size repeats."}
          />
          <div className="form-row">
            <TextField
              label="Failures allowed per batch"
              value={draft.perBatch}
              onChange={(e) => set({ perBatch: e.target.value })}
              autoComplete="off"
              error={local["failureBudget.perBatch"] ?? err("failureBudget.perBatch", "Failures per batch")}
              hint="0, a count, or a percent of the batch."
            />
            <TextField
              label="Failures allowed overall"
              value={draft.overall}
              onChange={(e) => set({ overall: e.target.value })}
              autoComplete="off"
              error={local["failureBudget.overall"] ?? err("failureBudget.overall", "Failures overall")}
              hint="Past either budget the rollout stops itself."
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>On each host</legend>
          <fieldset className={styles.choices} aria-describedby={err("command", "Command") ? "command-error" : undefined}>
            <legend className="visually-hidden">Command</legend>
            <label>
              <input type="radio" name="command" checked={draft.command === "all"} onChange={() => set({ command: "all" })} /> All updates
            </label>
            <label>
              <input type="radio" name="command" checked={draft.command === "security"} onChange={() => set({ command: "security" })} /> Security updates only
            </label>
            {isAdmin ? (
              <label>
                <input type="radio" name="command" checked={draft.command === "custom"} onChange={() => set({ command: "custom" })} /> Custom script
              </label>
            ) : null}
          </fieldset>
          {isAdmin && draft.command === "custom" ? (
            <TextAreaField
              label="Script"
              rows={5}
              className="mono"
              spellCheck={false}
              maxLength={8000}
              value={draft.script}
              onChange={(e) => set({ script: e.target.value })}
              hint="Runs with sh -s as the server's SSH user; recorded with each host's output."
              error={(tried ? local["command.script"] : undefined) ?? err("command", "Script")}
            />
          ) : err("command", "Command") ? (
            <p id="command-error" className="field-error">
              {err("command", "Command")}
            </p>
          ) : null}
          <SelectField label="Reboot" value={draft.rebootPolicy} onChange={(e) => set({ rebootPolicy: e.target.value as TRebootPolicy })} error={err("rebootPolicy", "Reboot")}>
            {REBOOT_POLICIES.map((p) => (
              <option key={p} value={p}>
                {REBOOT_LABEL[p]}
              </option>
            ))}
          </SelectField>
          <label>
            <input type="checkbox" checked={draft.switchoverPrimaries} onChange={(e) => set({ switchoverPrimaries: e.target.checked })} /> Switch over primaries (patch the standbys first, then move the primary role and patch the old primary)
          </label>
          <div className="form-row">
            <TextField
              label="Per-host timeout (minutes)"
              type="number"
              min={1}
              max={360}
              value={draft.hostTimeoutMinutes}
              onChange={(e) => set({ hostTimeoutMinutes: clampInt(e.target.value, 1, 360) })}
              error={err("hostTimeoutSeconds", "Per-host timeout")}
              hint="From drain to re-enable."
            />
            <TextField
              label="Health-gate polls"
              type="number"
              min={1}
              max={20}
              value={draft.gatePolls}
              onChange={(e) => set({ gatePolls: clampInt(e.target.value, 1, 20) })}
              error={err("gatePolls", "Health-gate polls")}
              hint="Good polls in a row before a host goes back in."
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>When</legend>
          <div className="form-row">
            <SelectField label="Maintenance window" optional value={draft.windowId} onChange={(e) => set({ windowId: e.target.value })} error={err("windowId", "Maintenance window")}>
              <option value="">None: start now, run to the end</option>
              {openWindows.map((w) => {
                const occ = w.activeOccurrence ?? w.nextOccurrence;
                return (
                  <option key={w.id} value={w.id}>
                    {w.title}
                    {occ ? ` (${w.status === "active" ? "now, until" : "from"} ${formatDateTime(w.status === "active" ? occ.end : occ.start, "minutes")})` : ""}
                  </option>
                );
              })}
            </SelectField>
            {draft.windowId ? (
              <TextField
                label="Cutoff (minutes before the end)"
                type="number"
                min={0}
                max={1440}
                value={draft.cutoffMinutes}
                onChange={(e) => set({ cutoffMinutes: clampInt(e.target.value, 0, 1440) })}
                error={err("windowCutoffMinutes", "Cutoff")}
                hint="No new batch starts after the window's end minus this."
              />
            ) : null}
          </div>
        </fieldset>

        <TextAreaField label="Reason" rows={2} required maxLength={500} value={draft.reason} onChange={(e) => set({ reason: e.target.value })} error={reasonError ?? err("reason", "Reason")} />
        <TextField label="Ticket" optional maxLength={100} autoComplete="off" value={draft.ticketRef} onChange={(e) => set({ ticketRef: e.target.value })} hint="e.g. CHG-1234" error={err("ticketRef", "Ticket")} />

        <QueryError result={start} fields={shown.length ? shown : undefined} />
        {conflict ? <p className="hint">Another operation holds one of these groups; wait for it to end, or leave the group out.</p> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? "Starting…" : "Start rollout"}
          </button>
        </div>
      </div>
      <PlanPreview query={plan} waiting={waiting} />
    </form>
  );
}
