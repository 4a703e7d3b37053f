"use client";

import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { Panel } from "@/components/ui/panel";
import { QueryError } from "@/components/ui/messages";
import { MaintenanceNote } from "@/components/fleet/maintenance-note";
import { StateBadge } from "@/components/fleet/state-badge";
import { GroupActions } from "@/components/operations/group-actions";
import { RejoinButton } from "@/components/operations/rejoin-button";
import { NextWindow } from "@/components/maintenance/next-window";
import { DrillsPanel } from "@/components/drills/drills-panel";
import { GroupAdminActions } from "./group-admin-actions";
import { RestorePanel } from "./restore-panel";
import { useGroup } from "./queries";
import { budgetText, modeLabel, RedundancyBadge } from "./redundancy-badge";
import type { TGroup } from "./types";
import styles from "./groups.module.css";

function ageText(sinceMs: number, now: number): string {
  const s = Math.max(0, Math.round((now - sinceMs) / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

const FENCING_LEVEL_LABEL: Record<string, string> = {
  hook: "the fence hook on the old primary (when it answers)",
  device: "its fence device, out of band",
  lb: "isolation at the load balancer",
};

function Settings({ g }: { g: TGroup }) {
  const hooks = Object.entries(g.hooks).filter(([, v]) => v);
  return (
    <dl className="dl">
      <dt>Mode</dt>
      <dd>{modeLabel(g.mode)}</dd>
      <dt>Redundancy budget</dt>
      <dd>{g.minHealthy} in service at least</dd>
      <dt>Failover policy</dt>
      <dd>
        {g.failoverPolicy === "AUTOMATIC" ? "Automatic" : "Manual"}, after {g.detectionThreshold} failed checks, cooldown {g.cooldownSeconds} s
      </dd>
      <dt>Maximum replication lag</dt>
      <dd>{g.maxReplicationLagSeconds === null ? "No limit" : `${g.maxReplicationLagSeconds} s`}</dd>
      <dt>Critical services</dt>
      <dd>{g.criticalServices.length ? g.criticalServices.map((c) => `${c.name} (port ${c.port})`).join(", ") : "None"}</dd>
      <dt>Fencing</dt>
      <dd>
        {g.requireFencing ? "Required before promotion" : "Not required"}; levels in order:{" "}
        {(g.fencingLevels.length ? g.fencingLevels : [{ kind: "hook" }, { kind: "device" }, { kind: "lb" }]).map((l) => FENCING_LEVEL_LABEL[l.kind]).join(", then ")}
        {g.fencingLevels.length ? "" : " (the default)"}
      </dd>
      <dt>Load balancer</dt>
      <dd>{g.loadBalancer ? `${g.loadBalancer.name} (${g.loadBalancer.kind.toLowerCase()})` : "None"}</dd>
      <dt>Hooks</dt>
      <dd>
        {hooks.length === 0 ? (
          "None"
        ) : (
          <ul className={styles.hooks}>
            {hooks.map(([k, v]) => (
              <li key={k}>
                {k}: <code>{v}</code>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}

export function GroupDetail({ id }: { id: string }) {
  const q = useGroup(id);
  const g = q.data;
  if (!g) return q.isError ? <QueryError result={q} /> : <p className="muted">Loading group…</p>;
  const now = Date.now();
  const why = new Map(g.redundancy.unavailable.map((u) => [u.name, u.why]));
  return (
    <>
      <QueryError result={q} />
      <p>
        <RedundancyBadge state={g.redundancy.state} /> {budgetText(g.redundancy)} · DR coverage: {g.redundancy.drCovered ? "yes (a serving member in another site)" : "no"}
      </p>
      {g.description ? <p className="muted">{g.description}</p> : null}
      <NextWindow groupId={g.id} />
      <GroupActions group={g} />
      <GroupAdminActions group={g} />
      <Panel titleId="group-members" title="Members">
        <DataTable label="Members" columns={["Server", "Site", "Role", "Priority", "Admin state", "Host state", "Since", "Lag", "Counts", "LB backend"]}>
          {g.members.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <Link href={`/servers/${m.serverId}`}>{m.name}</Link>
              </th>
              <td>{m.site?.name ?? "—"}</td>
              <td>{m.role.toLowerCase()}</td>
              <td>{m.priority}</td>
              <td data-testid="member-admin-state">
                {m.adminState === "FENCED" ? <span className="badge badge-danger">fenced</span> : m.adminState.toLowerCase().replace("_", " ")}{" "}
                <RejoinButton group={g} member={m} />
              </td>
              <td>
                <StateBadge state={m.state} size="sm" />
                {m.maintenance ? <MaintenanceNote className="muted" maintenance={m.maintenance} health={m.health} /> : null}
                {m.stateReason ? <span className="muted"> {m.stateReason}</span> : null}
                {m.criticalServicesDown.length ? <span className="text-danger"> {m.criticalServicesDown.join(", ")} down</span> : null}
              </td>
              <td>{ageText(m.stateSince, now)}</td>
              <td>{m.lag === null ? "—" : `${m.lag.toFixed(1)} s`}</td>
              <td>{why.has(m.name) ? `No: ${why.get(m.name)}` : "Yes"}</td>
              <td>{m.lbBackendServer ?? "—"}</td>
            </tr>
          ))}
        </DataTable>
      </Panel>
      <RestorePanel g={g} />
      {g.mode === "ACTIVE_PASSIVE" ? <DrillsPanel groupId={g.id} groupName={g.name} /> : null}
      <Panel titleId="group-settings" title="Settings">
        <Settings g={g} />
      </Panel>
    </>
  );
}
