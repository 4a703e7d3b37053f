"use client";

import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { QueryError } from "@/components/ui/messages";
import { MaintenanceNote } from "@/components/fleet/maintenance-note";
import { StateBadge } from "@/components/fleet/state-badge";
import { LastDrillCell, useFreshnessByGroup } from "@/components/drills/last-drill-cell";
import { useGroups } from "./queries";
import { useIsAdmin } from "./use-is-admin";
import styles from "./groups.module.css";
import { budgetText, modeLabel, RedundancyBadge } from "./redundancy-badge";

export function GroupsList() {
  const q = useGroups();
  const groups = q.data?.groups;
  const isAdmin = useIsAdmin();
  const drills = useFreshnessByGroup();
  return (
    <>
      {isAdmin ? (
        <div className="form-actions">
          <Link className="btn btn-primary" href="/groups/new">
            New group
          </Link>
        </div>
      ) : null}
      <QueryError result={q} />
      {groups && groups.length === 0 ? <p className="muted">No redundancy groups yet.</p> : null}
      {groups && groups.length > 0 ? (
        <DataTable label="Redundancy groups" busy={q.isFetching && !q.data} columns={["Group", "Mode", "Redundancy", "In service", "DR coverage", "Last drill", "Members"]}>
          {groups.map((g) => (
            <tr key={g.id}>
              <th scope="row">
                <Link href={`/groups/${g.id}`}>{g.name}</Link>
              </th>
              <td>{modeLabel(g.mode)}</td>
              <td>
                <RedundancyBadge state={g.redundancy.state} />
              </td>
              <td>{budgetText(g.redundancy)}</td>
              <td>{g.redundancy.drCovered ? "Yes" : "No"}</td>
              <td>
                <LastDrillCell drills={drills} groupId={g.id} />
              </td>
              <td>
                <ul className={styles.members}>
                  {g.members.map((m) => (
                    <li key={m.id}>
                      <Link href={`/servers/${m.serverId}`}>{m.name}</Link> <span className="muted">{m.role.toLowerCase()}</span> <StateBadge state={m.state} size="sm" />
                      {m.maintenance ? <MaintenanceNote className="muted" maintenance={m.maintenance} health={m.health} /> : null}
                      {m.adminState !== "IN_SERVICE" ? <span className="muted"> ({m.adminState.toLowerCase().replace("_", " ")})</span> : null}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {!q.data && q.isPending ? <p className="muted">Loading groups…</p> : null}
    </>
  );
}
