import { OPERATION_STATES, type TOperation, type TOperationKind, type TOperationState, type TStepState } from "./types";

const OP_LOOK: Record<TOperationState, { cls: string; label: string }> = {
  PLANNED: { cls: "", label: "Planned" },
  RUNNING: { cls: "badge-accent", label: "Running" },
  PAUSED: { cls: "badge-warning", label: "Paused" },
  SUCCEEDED: { cls: "badge-success", label: "Succeeded" },
  FAILED: { cls: "badge-danger", label: "Failed" },
  ABORTED: { cls: "badge-warning", label: "Aborted" },
  ROLLED_BACK: { cls: "badge-warning", label: "Rolled back" },
};

const STEP_LOOK: Record<TStepState, { cls: string; label: string }> = {
  PENDING: { cls: "", label: "Pending" },
  RUNNING: { cls: "badge-accent", label: "Running" },
  SUCCEEDED: { cls: "badge-success", label: "Succeeded" },
  FAILED: { cls: "badge-danger", label: "Failed" },
  SKIPPED: { cls: "", label: "Skipped" },
  TIMED_OUT: { cls: "badge-danger", label: "Timed out" },
  ROLLED_BACK: { cls: "badge-warning", label: "Rolled back" },
};

const KIND_LABEL: Record<TOperationKind, string> = {
  FAILOVER: "Failover",
  SWITCHOVER: "Switchover",
  DRILL: "Drill",
  ROLLOUT: "Rollout",
  FENCE: "Fence",
  REJOIN: "Rejoin",
  EVACUATION: "Site evacuation",
  SITE_RETURN: "Site return",
  SITE_DRILL: "Site drill",
  RESTORE: "Restore redundancy",
};

export const operationStateLabel = (s: TOperationState) => OP_LOOK[s]?.label ?? s;

/** The options of a state filter: "Any state", then every state spelled out. */
export function OperationStateOptions() {
  return (
    <>
      <option value="">Any state</option>
      {OPERATION_STATES.map((s) => (
        <option key={s} value={s}>
          {operationStateLabel(s)}
        </option>
      ))}
    </>
  );
}
export const kindLabel = (k: TOperationKind) => KIND_LABEL[k] ?? k;

/** The operation's state, always spelled out (colour is never the only cue). */
export function OperationStateBadge({ state }: { state: TOperationState }) {
  const l = OP_LOOK[state] ?? { cls: "", label: state };
  return (
    <span className={`badge badge-dot ${l.cls}`} data-op-state={state}>
      {l.label}
    </span>
  );
}

export function StepStateBadge({ state }: { state: TStepState }) {
  const l = STEP_LOOK[state] ?? { cls: "", label: state };
  return (
    <span className={`badge badge-dot ${l.cls}`} data-step-state={state}>
      {l.label}
    </span>
  );
}

/** "promote_standby" → "promote standby". */
export const actionLabel = (action: string) => action.replace(/[_.-]+/g, " ");

export const isLive = (s: TOperationState) => s === "PLANNED" || s === "RUNNING" || s === "PAUSED";

const DONE_STEPS: ReadonlySet<TStepState> = new Set(["SUCCEEDED", "SKIPPED"]);
export const isStepDone = (s: TStepState) => DONE_STEPS.has(s);

export function elapsedMs(startIso: string | null, endIso: string | null, now: number): number | null {
  if (!startIso) return null;
  const end = endIso ? Date.parse(endIso) : now;
  return Math.max(0, end - Date.parse(startIso));
}

/** "850 ms", "12.4 s", then formatDuration's minutes and hours. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  if (m < 60) return s ? `${m} min ${s} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

export type TRecovery = { rtoMs?: number; rpoMs?: number; detectionMs?: number; decisionMs?: number; cutoverMs?: number };

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** RTO/RPO and the failover's timings, as the operation records them (absent until it succeeds). */
export function recoveryOf(op: TOperation): TRecovery {
  const t = op.timings;
  return {
    rtoMs: op.rtoMs ?? undefined,
    rpoMs: op.rpoMs ?? undefined,
    detectionMs: num(t.detectionMs),
    decisionMs: num(t.decisionMs),
    cutoverMs: num(t.cutoverMs),
  };
}

/** A group's name when the DTO carries one (it does not yet); otherwise the caller looks it up. */
export function groupNameOf(op: TOperation): string | undefined {
  const o = op as unknown as Record<string, unknown>;
  if (typeof o.groupName === "string") return o.groupName;
  const g = o.group as { name?: unknown } | undefined;
  return typeof g?.name === "string" ? g.name : undefined;
}
