import type { TComplianceStatus } from "./types";

/** Worst first, as the summary bar and the status filter list them. */
export const STATUS_ORDER: readonly TComplianceStatus[] = ["REBOOT", "SECURITY", "UPDATES", "UNKNOWN", "UP_TO_DATE"];

export const STATUS_LABEL: Record<TComplianceStatus, string> = {
  REBOOT: "Reboot required",
  SECURITY: "Security updates",
  UPDATES: "Updates",
  UNKNOWN: "Unknown",
  UP_TO_DATE: "Up to date",
};

export const STATUS_MEANING: Record<TComplianceStatus, string> = {
  REBOOT: "Patched but not running it yet: a reboot is required, or a newer kernel is installed than the one running",
  SECURITY: "Security updates are waiting to be installed",
  UPDATES: "Updates are waiting; none of them is a security update",
  UNKNOWN: "No sample yet, or the agent could not count updates",
  UP_TO_DATE: "No updates pending and nothing waiting for a reboot",
};

/** The host-state palette each status borrows, so colours mean the same across the app. */
const PALETTE: Record<TComplianceStatus, string> = { REBOOT: "DOWN", SECURITY: "UNREACHABLE", UPDATES: "DEGRADED", UNKNOWN: "UNKNOWN", UP_TO_DATE: "UP" };
export const paletteOf = (s: TComplianceStatus) => PALETTE[s];

export function ComplianceBadge({ status }: { status: TComplianceStatus }) {
  return (
    <span className="state-badge" data-size="sm" data-state={PALETTE[status]} data-compliance={status} title={STATUS_MEANING[status]}>
      <span className="state-dot" aria-hidden="true" />
      {STATUS_LABEL[status]}
    </span>
  );
}
