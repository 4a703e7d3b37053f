"use client";

import { useState, type FormEvent } from "react";
import { ApiError } from "@/components/api/fetch-json";
import { TextAreaField, TextField, fieldMessage } from "@/components/ui/field";
import { QueryError } from "@/components/ui/messages";
import { fieldErrorsOf } from "@/components/ui/mutations";
import { useDebounced } from "@/components/ui/use-debounced";
import { ImpactPreview } from "./impact-preview";
import { useCreateWindow, useUpdateWindow, useWindowPreview } from "./queries";
import { fromRrule, toRrule, type Recurrence } from "./recurrence";
import { RecurrenceFields } from "./recurrence-fields";
import { ScopePicker } from "./scope-picker";
import { StartFields, useTimeZones } from "./start-fields";
import { fromLocalInput, toLocalInput, viewerTimeZone } from "./zones";
import type { TCreateWindowRequest, TWindow, TWindowScope } from "./types";
import styles from "./maintenance.module.css";

const FIELDS = ["title", "description", "scope", "start", "timezone", "durationMinutes", "rrule", "suppressAlerts", "blockFailover", "drainMembers", "overrideReason"];
const PREVIEW_DELAY_MS = 400;

/** The next full hour, as a default start. */
function nextHour(now: Date): Date {
  const d = new Date(now.getTime() + 3_600_000);
  d.setMinutes(0, 0, 0);
  return d;
}

type Draft = {
  title: string;
  description: string;
  scope: TWindowScope;
  date: string;
  time: string;
  timezone: string;
  hours: number;
  minutes: number;
  recurrence: Recurrence;
  suppressAlerts: boolean;
  blockFailover: boolean;
  drainMembers: boolean;
  overrideReason: string;
};

function initialDraft(window: TWindow | undefined, start: Date | undefined): Draft {
  if (window) {
    const [date = "", time = ""] = window.start.split("T");
    return {
      title: window.title,
      description: window.description,
      scope: window.scope,
      date,
      time,
      timezone: window.timezone,
      hours: Math.floor(window.durationMinutes / 60),
      minutes: window.durationMinutes % 60,
      recurrence: fromRrule(window.rrule, window.start, window.timezone),
      suppressAlerts: window.suppressAlerts,
      blockFailover: window.blockFailover,
      drainMembers: window.drainMembers,
      overrideReason: window.overrideReason ?? "",
    };
  }
  const timezone = viewerTimeZone();
  const local = toLocalInput(start ?? nextHour(new Date()), timezone);
  const [date = "", time = ""] = local.split("T");
  return {
    title: "",
    description: "",
    scope: { serverIds: [], groupIds: [], siteIds: [], tags: [] },
    date,
    time,
    timezone,
    hours: 1,
    minutes: 0,
    recurrence: fromRrule(null, local, timezone),
    suppressAlerts: true,
    blockFailover: true,
    drainMembers: false,
    overrideReason: "",
  };
}

function toRequest(d: Draft): TCreateWindowRequest {
  return {
    title: d.title.trim(),
    description: d.description.trim(),
    scope: d.scope,
    start: `${d.date}T${d.time}`,
    timezone: d.timezone.trim(),
    durationMinutes: d.hours * 60 + d.minutes,
    rrule: toRrule(d.recurrence, d.timezone.trim()),
    suppressAlerts: d.suppressAlerts,
    blockFailover: d.blockFailover,
    drainMembers: d.drainMembers,
    overrideReason: d.overrideReason.trim() || null,
  };
}

/** Why the draft cannot be previewed yet, or null. */
function notReady(d: Draft, knownZone: (zone: string) => boolean): string | null {
  const s = d.scope;
  if (s.serverIds.length + s.groupIds.length + s.siteIds.length + s.tags.length === 0) return "Pick servers, groups, sites or tags to see what the window would do.";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date) || !/^\d{2}:\d{2}$/.test(d.time)) return "Give a start date and time.";
  if (!knownZone(d.timezone.trim())) return "Pick a time zone from the list.";
  if (d.hours * 60 + d.minutes < 5) return "A window lasts at least 5 minutes.";
  if (d.recurrence.kind === "weekly" && d.recurrence.weekdays.length === 0) return "Pick at least one weekday.";
  return null;
}

/**
 * Create or edit a window. The impact is previewed as the draft changes; when
 * it would break a group, saving needs an override reason.
 */
export function WindowForm({ window, start, onSaved, onCancel }: { window?: TWindow; start?: Date; onSaved: (w: TWindow) => void; onCancel?: () => void }) {
  const [draft, setDraft] = useState(() => initialDraft(window, start));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const zones = useTimeZones();

  const create = useCreateWindow(onSaved);
  const update = useUpdateWindow(window?.id ?? "", onSaved);
  const mutation = window ? update : create;
  const server = fieldErrorsOf(mutation.error);
  const scopeError = Object.entries(server).find(([k]) => k === "scope" || k.startsWith("scope."))?.[1];

  const waiting = notReady(draft, zones.has);
  const request = toRequest(draft);
  // The preview validates like create does: a placeholder title, and the reason left out (it does not change the impact).
  const previewDraft = useDebounced(waiting ? null : { ...request, title: request.title || "Untitled", overrideReason: null }, PREVIEW_DELAY_MS);
  const preview = useWindowPreview(previewDraft, window?.id);
  const conflict = mutation.error instanceof ApiError && mutation.error.status === 409;
  const needsOverride = Boolean(preview.data?.needsOverride && !waiting) || conflict;
  const reasonOk = draft.overrideReason.trim().length >= 10;

  const startAt = waiting ? null : fromLocalInput(request.start, request.timezone);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (needsOverride && !reasonOk) return;
    // The reason is asked for (and kept) only while the window would break a group.
    mutation.mutate(needsOverride ? request : { ...request, overrideReason: null });
  }

  return (
    <form className={`form ${styles.windowForm}`} onSubmit={submit} noValidate aria-label={window ? `Edit ${window.title}` : "Schedule maintenance"}>
      <div className={styles.formMain}>
        <QueryError result={mutation} fields={FIELDS} />
        <TextField label="Title" value={draft.title} onChange={(e) => set({ title: e.target.value })} maxLength={120} required autoComplete="off" error={fieldMessage("Title", server.title)} />
        <TextAreaField label="Description" optional rows={2} value={draft.description} maxLength={2000} onChange={(e) => set({ description: e.target.value })} error={fieldMessage("Description", server.description)} />
        <ScopePicker value={draft.scope} onChange={(scope) => set({ scope })} error={fieldMessage("Scope", scopeError)} />
        <StartFields
          value={draft}
          onChange={set}
          zones={zones}
          labels={{ date: "Start date", time: "Start time", startsAt: "Starts" }}
          zoneHint="The start is a wall-clock time there; type to search."
          serverErrors={server}
          startsAt={startAt}
        />
        <fieldset className={styles.duration}>
          <legend>Duration</legend>
          <div className="form-row">
            <TextField label="Hours" type="number" min={0} max={168} value={draft.hours} onChange={(e) => set({ hours: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} />
            <TextField
              label="Minutes"
              type="number"
              min={0}
              max={59}
              step={5}
              value={draft.minutes}
              onChange={(e) => set({ minutes: Math.min(59, Math.max(0, Math.floor(Number(e.target.value) || 0))) })}
              error={fieldMessage("Duration", server.durationMinutes)}
            />
          </div>
        </fieldset>
        <RecurrenceFields value={draft.recurrence} onChange={(recurrence) => set({ recurrence })} rrule={request.rrule ?? null} error={fieldMessage("Recurrence", server.rrule)} />
        <fieldset className={styles.effects}>
          <legend>While it runs</legend>
          <label>
            <input type="checkbox" checked={draft.suppressAlerts} onChange={(e) => set({ suppressAlerts: e.target.checked })} /> Suppress alerts
          </label>
          <label>
            <input type="checkbox" checked={draft.blockFailover} onChange={(e) => set({ blockFailover: e.target.checked })} /> Block automatic failover
          </label>
          <label>
            <input type="checkbox" checked={draft.drainMembers} onChange={(e) => set({ drainMembers: e.target.checked })} /> Drain members from their load balancer
          </label>
        </fieldset>
        {needsOverride ? (
          <TextAreaField
            label="Override reason"
            rows={2}
            required
            maxLength={500}
            value={draft.overrideReason}
            onChange={(e) => set({ overrideReason: e.target.value })}
            hint="Why breaking the group is acceptable, in at least 10 characters. Recorded in the audit log."
            error={fieldMessage("Override reason", server.overrideReason)}
          />
        ) : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending || (needsOverride && !reasonOk)}>
            {mutation.isPending ? "Saving…" : window ? "Save changes" : "Save window"}
          </button>
          {onCancel ? (
            <button type="button" className="btn" onClick={onCancel}>
              Cancel
            </button>
          ) : null}
        </div>
      </div>
      <ImpactPreview query={preview} timezone={request.timezone} waiting={waiting} />
    </form>
  );
}
