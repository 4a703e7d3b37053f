"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { useGroups } from "@/components/groups/queries";
import { useSites } from "@/components/inventory/queries";
import { ClippedText } from "@/components/ui/clipped-text";
import { DataTable, TableState } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/field";
import { QueryError } from "@/components/ui/messages";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { useFilterForm } from "@/components/ui/use-filter-form";
import { formatMs, groupNameOf, kindLabel, OperationStateBadge, OperationStateOptions, recoveryOf } from "./labels";
import { LiveDuration } from "./live-duration";
import { useOperations, type TOperationFilters } from "./queries";
import { OPERATION_KINDS, type TOperation } from "./types";

const COLUMNS = ["Operation", "Group", "State", "Started by", "Reason", "Started", "Duration", "RTO / RPO"];

/** The group an operation is about, or for a site operation its site. */
function Target({ op, groupName, siteName }: { op: TOperation; groupName: string | undefined; siteName: string | undefined }) {
  if (op.groupId) return <Link href={`/groups/${op.groupId}`}>{groupName ?? "Group"}</Link>;
  if (op.siteId) return <Link href={`/sites/${op.siteId}`}>Site {siteName ?? ""}</Link>;
  return <span className="muted">—</span>;
}

function Row({ op, groupName, siteName }: { op: TOperation; groupName: string | undefined; siteName: string | undefined }) {
  const r = recoveryOf(op);
  return (
    <tr>
      <th scope="row" className="nowrap">
        <Link href={op.kind === "ROLLOUT" ? `/rollouts/${op.id}` : `/operations/${op.id}`}>{kindLabel(op.kind)}</Link>
      </th>
      <td className="nowrap">
        <Target op={op} groupName={groupName} siteName={siteName} />
      </td>
      <td>
        <OperationStateBadge state={op.state} />
      </td>
      <td className="clip-cell">
        <ClippedText text={op.initiator} />
      </td>
      <td className="clip-fill">{op.reason ? <ClippedText text={op.reason} /> : <span className="muted">—</span>}</td>
      <td className="nowrap">
        <Time iso={op.startedAt ?? op.createdAt} precision="minutes" />
      </td>
      <td className="nowrap">
        <LiveDuration start={op.startedAt} end={op.endedAt} />
      </td>
      <td className="nowrap">
        {r.rtoMs === undefined && r.rpoMs === undefined ? (
          <span className="muted">—</span>
        ) : (
          <>
            {r.rtoMs !== undefined ? `RTO ${formatMs(r.rtoMs)}` : null}
            {r.rtoMs !== undefined && r.rpoMs !== undefined ? " · " : null}
            {r.rpoMs !== undefined ? `RPO ${formatMs(r.rpoMs)}` : null}
          </>
        )}
      </td>
    </tr>
  );
}

/** Every failover, switchover and drill, newest first, refreshed every 5 s. */
export function OperationsList({ groupId }: { groupId?: string }) {
  const [filters, setFilters] = useState<TOperationFilters>({ groupId });
  const query = useOperations(filters);
  const groups = useGroups();
  const names = useMemo(() => new Map(groups.data?.groups.map((g) => [g.id, g.name])), [groups.data]);
  const sites = useSites();
  const siteNames = useMemo(() => new Map(sites.data?.sites.map((s) => [s.id, s.name])), [sites.data]);

  const filterForm = useFilterForm({
    apply: (form) => {
      const pick = (name: string) => String(form.get(name) ?? "") || undefined;
      setFilters({ groupId: pick("groupId"), state: pick("state"), kind: pick("kind") });
    },
    // A reset puts the group back to the one the page was opened for, so the filters follow the form.
    clear: () => setFilters({ groupId }),
    delay: 0,
  });

  const ops = query.data?.operations ?? [];
  const filtered = Boolean(filters.state || filters.kind || filters.groupId);

  return (
    <div className="stack">
      <Panel titleId="operations-filters" title="Filters" bodyless>
        <form {...filterForm} className="panel-body">
          <div className="filters">
            <SelectField label="Group" name="groupId" defaultValue={groupId ?? ""}>
              <option value="">All groups</option>
              {groups.data?.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </SelectField>
            <SelectField label="State" name="state" defaultValue="">
              <OperationStateOptions />
            </SelectField>
            <SelectField label="Kind" name="kind" defaultValue="">
              <option value="">Any kind</option>
              {OPERATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="form-actions">
            <button type="reset" className="btn">
              Clear filters
            </button>
          </div>
        </form>
      </Panel>
      <QueryError result={query} />
      <DataTable caption="Operations, newest first" captionHidden busy={query.isFetching} columns={COLUMNS}>
        {ops.map((op) => (
          <Row key={op.id} op={op} groupName={op.groupId ? (groupNameOf(op) ?? names.get(op.groupId)) : undefined} siteName={op.siteId ? siteNames.get(op.siteId) : undefined} />
        ))}
      </DataTable>
      <TableState query={query} empty={ops.length === 0}>
        {filtered ? "No operations match these filters." : "No operations yet."}
      </TableState>
    </div>
  );
}
