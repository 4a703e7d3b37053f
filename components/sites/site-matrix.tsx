"use client";

import Link from "next/link";
import { STATE_LABEL } from "@/components/fleet/host-state";
import { RedundancyBadge } from "@/components/groups/redundancy-badge";
import type { TSiteMatrix } from "./types";
import styles from "./sites.module.css";

type TCell = TSiteMatrix["groups"][number]["cells"][string][number];

const ROLE = {
  PRIMARY: { mark: "P", label: "primary" },
  STANDBY: { mark: "S", label: "standby" },
  ACTIVE: { mark: "A", label: "active" },
} as const;

/** Members without a site are keyed "" in the cells. */
const NO_SITE = "";

function Member({ m, lost }: { m: TCell; lost: boolean }) {
  const role = ROLE[m.role];
  const admin = m.adminState === "IN_SERVICE" ? "" : `, ${m.adminState.toLowerCase().replace(/_/g, " ")}`;
  const text = `${m.name}: ${role.label}, ${STATE_LABEL[m.state]}${admin}${lost ? ", lost in the what-if" : ""}`;
  const body = (
    <>
      <span className={styles.role} data-role={m.role} aria-hidden="true">
        {role.mark}
      </span>
      <Link href={`/servers/${m.serverId}`}>{m.name}</Link>
      <span className="visually-hidden">
        {" "}
        ({role.label}, {STATE_LABEL[m.state]}
        {admin}
        {lost ? ", lost in the what-if" : ""})
      </span>
    </>
  );
  return (
    <li className={styles.member} data-state={m.state} data-lost={lost || undefined} data-admin={m.adminState === "IN_SERVICE" ? undefined : m.adminState} title={text} data-testid="matrix-member">
      <span className="state-dot" aria-hidden="true" />
      {lost ? <del>{body}</del> : body}
    </li>
  );
}

/**
 * Groups by site: where each primary, standby and pool member lives, coloured
 * by host state. Members a what-if loses are struck through.
 */
export function SiteMatrix({ matrix, lost }: { matrix: TSiteMatrix; lost: ReadonlySet<string> }) {
  const homeless = matrix.groups.some((g) => (g.cells[NO_SITE]?.length ?? 0) > 0);
  const columns = [...matrix.sites.map((s) => ({ id: s.id, name: s.name, site: s })), ...(homeless ? [{ id: NO_SITE, name: "No site", site: null }] : [])];
  if (matrix.groups.length === 0) return <p className="muted">No redundancy groups yet.</p>;
  return (
    <div className="table-wrap">
      <table className={`table ${styles.matrix}`} aria-label="Site matrix">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Redundancy</th>
            <th scope="col">DR coverage</th>
            {columns.map((c) => (
              <th key={c.id} scope="col">
                {c.site ? (
                  <>
                    <Link href={`/sites/${c.id}`}>{c.name}</Link>
                    <span className={`muted ${styles.siteCount}`}>
                      {" "}
                      {c.site.servers} {c.site.servers === 1 ? "server" : "servers"}
                      {c.site.down ? `, ${c.site.down} down` : ""}
                    </span>
                  </>
                ) : (
                  c.name
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.groups.map((g) => (
            <tr key={g.groupId} data-testid="matrix-row">
              <th scope="row">
                <Link href={`/groups/${g.groupId}`}>{g.name}</Link>
                {g.dependsOn.length ? <div className={`muted ${styles.dependsOn}`}>needs {g.dependsOn.map((d) => d.name).join(", ")}</div> : null}
              </th>
              <td>
                <RedundancyBadge state={g.redundancy} />
              </td>
              <td>{g.drCovered ? "Yes" : <span className="text-danger">No</span>}</td>
              {columns.map((c) => {
                const members = g.cells[c.id] ?? [];
                return (
                  <td key={c.id} className={styles.cell}>
                    {members.length ? (
                      <ul className={styles.members}>
                        {members.map((m) => (
                          <Member key={m.serverId} m={m} lost={lost.has(m.serverId)} />
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">
                        <span aria-hidden="true">·</span>
                        <span className="visually-hidden">none</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className={`muted ${styles.legend}`}>
        <span className={styles.role} data-role="PRIMARY" aria-hidden="true">
          P
        </span>{" "}
        primary,{" "}
        <span className={styles.role} data-role="STANDBY" aria-hidden="true">
          S
        </span>{" "}
        standby,{" "}
        <span className={styles.role} data-role="ACTIVE" aria-hidden="true">
          A
        </span>{" "}
        pool member; the dot is the host&apos;s state.
      </p>
    </div>
  );
}
