import type { TStepState } from "@/server/operations/operation.types";
import { formatMs } from "@/components/operations/labels";
import type { TBatchGroupImpact, TRebootPolicy, TRolloutBatch, TRolloutHostState, TRolloutPhase } from "./types";

const HOST_LOOK: Record<TRolloutHostState, { cls: string; label: string }> = {
  PENDING: { cls: "", label: "Pending" },
  RUNNING: { cls: "badge-accent", label: "Running" },
  SUCCEEDED: { cls: "badge-success", label: "Patched" },
  FAILED: { cls: "badge-danger", label: "Failed" },
  SKIPPED: { cls: "", label: "Skipped" },
};

const BATCH_LOOK: Record<TRolloutBatch["state"], { cls: string; label: string }> = {
  PENDING: { cls: "", label: "Waiting" },
  RUNNING: { cls: "badge-accent", label: "Running" },
  SUCCEEDED: { cls: "badge-success", label: "Done" },
  FAILED: { cls: "badge-danger", label: "Failed" },
  SKIPPED: { cls: "", label: "Skipped" },
};

export const PHASE_LABEL: Record<TRolloutPhase, string> = {
  switchover: "Switch over",
  drain: "Drain",
  patch: "Patch",
  reboot: "Reboot",
  gate: "Health gate",
  enable: "Re-enable",
};

export const REBOOT_LABEL: Record<TRebootPolicy, string> = { "if-required": "If required", always: "Always", never: "Never" };

export function HostStateBadge({ state }: { state: TRolloutHostState }) {
  const l = HOST_LOOK[state] ?? { cls: "", label: state };
  return (
    <span className={`badge badge-dot ${l.cls}`} data-host-state={state}>
      {l.label}
    </span>
  );
}

export function BatchStateBadge({ state }: { state: TRolloutBatch["state"] }) {
  const l = BATCH_LOOK[state] ?? { cls: "", label: state };
  return (
    <span className={`badge ${l.cls}`} data-batch-state={state}>
      {l.label}
    </span>
  );
}

/** A group's redundancy while a batch is out: spelled out, with the numbers behind it. */
export function ImpactBadge({ during }: { during: TBatchGroupImpact["during"] }) {
  return during === "OK" ? (
    <span className="badge badge-success" title="At least one more member than the minimum stays in service">
      OK
    </span>
  ) : (
    <span className="badge badge-warning" title="Exactly the minimum stays in service: one more loss is an outage">
      At risk
    </span>
  );
}

const STEP_WORD: Partial<Record<TStepState, string>> = {
  PENDING: "pending",
  RUNNING: "running",
  SUCCEEDED: "done",
  FAILED: "failed",
  SKIPPED: "skipped",
  TIMED_OUT: "timed out",
  ROLLED_BACK: "rolled back",
};

/** "Patch: done in 12.4 s", for a step chip's accessible name and title. */
export function stepText(phase: TRolloutPhase, state: TStepState, ms: number | null): string {
  const word = STEP_WORD[state] ?? state.toLowerCase();
  return `${PHASE_LABEL[phase]}: ${word}${ms !== null && state !== "PENDING" && state !== "SKIPPED" ? ` ${state === "RUNNING" ? "for" : "in"} ${formatMs(ms)}` : ""}`;
}
