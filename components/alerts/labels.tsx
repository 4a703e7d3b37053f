import { SOURCE_INFO, type TAlertSource, type TAlertState, type TSeverity } from "./types";

const SEVERITY_LOOK: Record<TSeverity, { cls: string; label: string }> = {
  INFO: { cls: "badge-accent", label: "Info" },
  WARNING: { cls: "badge-warning", label: "Warning" },
  CRITICAL: { cls: "badge-danger", label: "Critical" },
};

const STATE_LOOK: Record<TAlertState, { cls: string; label: string }> = {
  FIRING: { cls: "badge-danger", label: "Firing" },
  ACKNOWLEDGED: { cls: "badge-warning", label: "Acknowledged" },
  RESOLVED: { cls: "badge-success", label: "Resolved" },
};

export const severityLabel = (s: TSeverity) => SEVERITY_LOOK[s]?.label ?? s;
export const alertStateLabel = (s: TAlertState) => STATE_LOOK[s]?.label ?? s;
/** A source's label; the DTO's source is a plain string, so an unknown one shows as it is. */
export const sourceLabel = (s: string) => SOURCE_INFO[s as TAlertSource]?.label ?? s;

/** Severity, always spelled out (colour is never the only cue). */
export function SeverityBadge({ severity }: { severity: TSeverity }) {
  const l = SEVERITY_LOOK[severity] ?? { cls: "", label: severity };
  return (
    <span className={`badge ${l.cls}`} data-severity={severity}>
      {l.label}
    </span>
  );
}

export function AlertStateBadge({ state }: { state: TAlertState }) {
  const l = STATE_LOOK[state] ?? { cls: "", label: state };
  return (
    <span className={`badge badge-dot ${l.cls}`} data-alert-state={state}>
      {l.label}
    </span>
  );
}

export function FlappingBadge() {
  return (
    <span className="badge badge-warning" title="It fired and cleared several times in a short while">
      Flapping
    </span>
  );
}
