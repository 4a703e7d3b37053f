"use client";

import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { QueryError } from "@/components/ui/messages";
import { ZonedRange } from "./labels";
import type { TWindowImpact } from "./types";
import styles from "./maintenance.module.css";

type Redundancy = TWindowImpact["groups"][number]["now"];

function RedundancyText({ state }: { state: Redundancy }) {
  const cls = state === "BROKEN" ? "badge badge-danger" : state === "AT_RISK" ? "badge badge-warning" : "badge badge-success";
  return <span className={cls}>{state === "AT_RISK" ? "At risk" : state === "BROKEN" ? "Broken" : "OK"}</span>;
}

/** What the draft would do: when it runs, which servers and groups it takes out, what it overlaps. */
export function ImpactPreview({
  query,
  timezone,
  waiting,
}: {
  query: { data: TWindowImpact | undefined; isFetching: boolean; isError: boolean; error: unknown };
  timezone: string;
  /** Why there is nothing to preview yet, if so. */
  waiting: string | null;
}) {
  const impact = query.data;
  return (
    <section className={styles.impact} aria-labelledby="impact-title" aria-busy={query.isFetching}>
      <h3 id="impact-title">
        Impact {query.isFetching ? <span className="muted">(updating…)</span> : null}
      </h3>
      {waiting ? <p className="muted">{waiting}</p> : null}
      {!waiting ? <QueryError result={query} /> : null}
      {impact && !waiting ? (
        <>
          {impact.needsOverride ? (
            <div className="alert" role="alert">
              {impact.groups
                .filter((g) => g.during === "BROKEN")
                .map((g) => `This window would break ${g.name}`)
                .join(". ") || "This window would break a group"}
              : fewer than its minimum would stay in service. Saving needs an override reason.
            </div>
          ) : null}
          {impact.warnings.length ? (
            <ul className={`notice notice-warning ${styles.plainList}`} aria-label="Warnings">
              {impact.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
          <h4>Next occurrences</h4>
          {impact.occurrences.length ? (
            <ol className={styles.plainList} aria-label="Next occurrences">
              {impact.occurrences.map((o) => (
                <li key={o.start}>
                  <ZonedRange occurrence={o} zone={timezone} />
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">None: the window would never run.</p>
          )}
          <h4>Servers in scope ({impact.servers.length})</h4>
          {impact.servers.length ? (
            <ul className={styles.serverChips} aria-label="Servers in scope">
              {impact.servers.map((s) => (
                <li key={s.id}>
                  <Link href={`/servers/${s.id}`}>{s.name}</Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No server matches the scope.</p>
          )}
          {impact.groups.length ? (
            <DataTable caption="Groups affected" columns={["Group", "Now → during", "In service / minimum", "Members in scope"]}>
              {impact.groups.map((g) => (
                <tr key={g.id} data-during={g.during} className={g.during === "OK" ? undefined : styles.riskRow}>
                  <th scope="row">
                    <Link href={`/groups/${g.id}`}>{g.name}</Link>
                  </th>
                  <td className="nowrap">
                    <RedundancyText state={g.now} /> → <RedundancyText state={g.during} />
                  </td>
                  <td>
                    {g.inServiceDuring} / {g.minHealthy}
                  </td>
                  <td className="wrap">{g.membersInScope.join(", ")}</td>
                </tr>
              ))}
            </DataTable>
          ) : null}
          {impact.overlaps.length ? (
            <>
              <h4>Overlapping windows</h4>
              <ul className={styles.plainList} aria-label="Overlapping windows">
                {impact.overlaps.map((o) => (
                  <li key={`${o.id}-${o.occurrence.start}`}>
                    <Link href={`/maintenance/${o.id}`}>{o.title}</Link>: <ZonedRange occurrence={o.occurrence} zone={timezone} /> ({o.sharedServers} shared{" "}
                    {o.sharedServers === 1 ? "server" : "servers"})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
