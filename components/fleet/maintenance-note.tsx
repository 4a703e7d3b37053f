import { formatDateTime } from "@/components/ui/format";
import type { TMaintenanceMark } from "@/server/maintenance/maintenance-mark";
import type { THostState } from "@/server/health/health.types";
import { STATE_LABEL } from "./host-state";
import { StateBadge } from "./state-badge";

/** The window a server is in (which, until when) and its live health beside it: an operator wants both. */
export function MaintenanceNote({ maintenance, health, badge = false, className }: { maintenance: TMaintenanceMark; health: THostState; badge?: boolean; className?: string }) {
  const until = formatDateTime(new Date(maintenance.endsAt).toISOString(), "minutes");
  return (
    <span className={className} data-maintenance-window={maintenance.windowId}>
      <span>
        “{maintenance.title}” until <time dateTime={new Date(maintenance.endsAt).toISOString()}>{until}</time>
      </span>
      {" · "}
      {badge ? (
        <>
          health <StateBadge state={health} size="sm" />
        </>
      ) : (
        <span>health: {STATE_LABEL[health]}</span>
      )}
    </span>
  );
}
