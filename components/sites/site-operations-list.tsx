import Link from "next/link";
import { formatMs, OperationStateBadge } from "@/components/operations/labels";
import { LiveDuration } from "@/components/operations/live-duration";
import type { TOperationState } from "@/components/operations/types";
import { ClippedText } from "@/components/ui/clipped-text";
import { DataTable } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";
import { siteOperationTitle } from "./site-labels";
import { isSiteKind, type TSiteOperationSummary } from "./types";

/** The site's evacuations, returns and drills, newest first, each linked to its report. */
export function SiteOperationsList({ site, operations }: { site: string; operations: readonly TSiteOperationSummary[] }) {
  if (operations.length === 0) return <p className="muted">No evacuation, return or site drill yet.</p>;
  const sorted = [...operations].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return (
    <DataTable label="Site operations" columns={["Operation", "State", "Requested", "Duration", "Total RTO", "Outcome"]}>
      {sorted.map((o) => (
        <tr key={o.id} data-testid="site-operation-row">
          <th scope="row">
            <Link href={`/operations/${o.id}`}>{isSiteKind(o.kind) ? siteOperationTitle(o.kind, site, o.dryRun) : o.kind}</Link>
          </th>
          <td>
            <OperationStateBadge state={o.state as TOperationState} />
          </td>
          <td>
            <Time iso={o.createdAt} precision="minutes" />
          </td>
          <td>
            <LiveDuration start={o.createdAt} end={o.endedAt} />
          </td>
          <td>{o.rtoMs === null ? <span className="muted">—</span> : formatMs(o.rtoMs)}</td>
          <td className="clip-fill">{o.outcome ? <ClippedText text={o.outcome} /> : <span className="muted">—</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}
