// The new-rollout form's state and how it becomes the API's settings: the
// typed-in sizes are parsed here, so a bad one is reported at its field and
// never sent.
import { parseBudget, parseRamp } from "./ramp";
import type { TRebootPolicy, TRolloutSettingsInput } from "./types";

export type TRolloutDraft = {
  targets: { serverIds: string[]; groupIds: string[]; siteIds: string[]; tags: string[] };
  ramp: string;
  perBatch: string;
  overall: string;
  rebootPolicy: TRebootPolicy;
  command: "all" | "security" | "custom";
  script: string;
  switchoverPrimaries: boolean;
  windowId: string;
  cutoffMinutes: number;
  hostTimeoutMinutes: number;
  gatePolls: number;
  reason: string;
  ticketRef: string;
};

export const EMPTY_DRAFT: TRolloutDraft = {
  targets: { serverIds: [], groupIds: [], siteIds: [], tags: [] },
  ramp: "1, 25%",
  perBatch: "0",
  overall: "0",
  rebootPolicy: "if-required",
  command: "all",
  script: "",
  switchoverPrimaries: true,
  windowId: "",
  cutoffMinutes: 30,
  hostTimeoutMinutes: 30,
  gatePolls: 3,
  reason: "",
  ticketRef: "",
};

/** Field → message, keyed like the server's field paths ("batches", "failureBudget.perBatch"). */
export type TDraftErrors = Partial<Record<"targets" | "batches" | "failureBudget.perBatch" | "failureBudget.overall" | "command.script", string>>;

const hasTargets = (t: TRolloutDraft["targets"]) => t.serverIds.length + t.groupIds.length + t.siteIds.length + t.tags.length > 0;

/**
 * The settings the draft stands for, or null while it cannot be planned (no
 * targets, or a field that does not parse: `errors` says which).
 */
export function draftSettings(d: TRolloutDraft): { settings: TRolloutSettingsInput | null; errors: TDraftErrors } {
  const errors: TDraftErrors = {};
  const ramp = parseRamp(d.ramp);
  const perBatch = parseBudget(d.perBatch);
  const overall = parseBudget(d.overall);
  if (!ramp.ok) errors.batches = ramp.error;
  if (!perBatch.ok) errors["failureBudget.perBatch"] = perBatch.error;
  if (!overall.ok) errors["failureBudget.overall"] = overall.error;
  if (d.command === "custom" && !d.script.trim()) errors["command.script"] = "Write the script to run, or pick a default command.";
  if (!hasTargets(d.targets) || !ramp.ok || !perBatch.ok || !overall.ok || errors["command.script"]) return { settings: null, errors };
  return {
    settings: {
      targets: d.targets,
      batches: ramp.value,
      failureBudget: { perBatch: perBatch.value, overall: overall.value },
      rebootPolicy: d.rebootPolicy,
      command: d.command === "custom" ? { kind: "custom", script: d.script } : { kind: d.command },
      switchoverPrimaries: d.switchoverPrimaries,
      ...(d.windowId ? { windowId: d.windowId, windowCutoffMinutes: d.cutoffMinutes } : {}),
      hostTimeoutSeconds: Math.round(d.hostTimeoutMinutes * 60),
      gatePolls: d.gatePolls,
    },
    errors,
  };
}

/** Why there is no preview yet, or null. */
export function notReady(d: TRolloutDraft, errors: TDraftErrors): string | null {
  if (!hasTargets(d.targets)) return "Pick servers, groups, sites or tags to see the batches.";
  if (Object.keys(errors).length) return "Fix the fields marked in the form to see the batches.";
  return null;
}

/** The first server message for `field` or anything under it ("batches.1" for "batches"). */
export function serverMessage(errors: Record<string, string>, field: string): string | undefined {
  return Object.entries(errors).find(([k]) => k === field || k.startsWith(`${field}.`))?.[1];
}
