// How site operations and their groups read.
import type { TSiteGroupAction, TSiteKind, TSiteOperationReport } from "./types";

export const SITE_ACTION: Record<TSiteGroupAction, string> = {
  SWITCHOVER: "Switch over",
  FAILOVER: "Fail over",
  DRAIN: "Drain",
  ENABLE: "Re-enable",
  REJOIN_SWITCHOVER: "Rejoin and switch back",
  DRY_RUN: "Dry run",
  NONE: "Nothing",
};

/** "Evacuation of fra1", "Return to fra1", "Site drill of fra1". */
export function siteOperationTitle(kind: TSiteKind, site: string, dryRun: boolean): string {
  const title = kind === "EVACUATION" ? `Evacuation of ${site}` : kind === "SITE_RETURN" ? `Return to ${site}` : `Site drill of ${site}`;
  return dryRun ? `${title} (dry run)` : title;
}

type TGroupState = TSiteOperationReport["groups"][number]["state"];

const GROUP_LOOK: Record<TGroupState, { cls: string; label: string }> = {
  PENDING: { cls: "", label: "Pending" },
  RUNNING: { cls: "badge-accent", label: "Running" },
  SUCCEEDED: { cls: "badge-success", label: "Succeeded" },
  FAILED: { cls: "badge-danger", label: "Failed" },
  SKIPPED: { cls: "badge-warning", label: "Skipped" },
};

export function GroupStateBadge({ state }: { state: TGroupState }) {
  const l = GROUP_LOOK[state] ?? { cls: "", label: state };
  return (
    <span className={`badge badge-dot ${l.cls}`} data-group-state={state}>
      {l.label}
    </span>
  );
}

export const PHASE_LABEL = { out: (site: string) => `Out of ${site}`, back: (site: string) => `Back to ${site}` } as const;

/** "Stage 2: Web", or just "Stage 2" when that is its name already. */
export function StageTitle({ index, name }: { index: number; name: string }) {
  const number = `Stage ${index + 1}`;
  if (name.trim() === number) return <>{number}</>;
  return (
    <>
      <span className="muted">{number}:</span> {name}
    </>
  );
}
