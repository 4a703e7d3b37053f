import Link from "next/link";
import { RedundancyBadge } from "@/components/groups/redundancy-badge";
import { DataTable } from "@/components/ui/data-table";
import { affectedFirst, fencingText, isAffected, lostText, totalsText, WHAT_IF_ACTION } from "./what-if-format";
import type { TWhatIfGroup, TWhatIfResponse } from "./types";
import styles from "./sites.module.css";

function Candidate({ c }: { c: NonNullable<TWhatIfGroup["candidate"]> }) {
  return (
    <>
      <Link href={`/servers/${c.serverId}`}>{c.name}</Link>
      {c.site ? <span className="muted"> in {c.site}</span> : null}
      {c.lagSec !== null ? <span className="muted"> · lag {c.lagSec.toFixed(1)} s</span> : null}
    </>
  );
}

function Fencing({ f }: { f: TWhatIfGroup["fencing"] }) {
  const t = fencingText(f);
  if (!t) return null;
  return <span className={t.problem ? "text-danger" : undefined}>{t.text}</span>;
}

function Row({ g }: { g: TWhatIfGroup }) {
  const affected = isAffected(g);
  return (
    <tr data-testid="what-if-row" data-affected={affected || undefined} className={affected ? undefined : styles.quiet}>
      <th scope="row">
        <Link href={`/groups/${g.groupId}`}>{g.name}</Link>
      </th>
      <td>
        <span className={styles.change}>
          <RedundancyBadge state={g.before.state} />
          <span aria-hidden="true">→</span>
          <span className="visually-hidden">becomes</span>
          <RedundancyBadge state={g.after.state} />
        </span>
        <div className="muted">
          {g.after.inService} in service, budget {g.after.minHealthy}
          {g.before.drCovered && !g.after.drCovered ? ", no DR copy left" : ""}
        </div>
      </td>
      <td data-testid="what-if-recoverable">{g.recoverable ? <span className="badge badge-success">Yes</span> : <span className="badge badge-danger">No</span>}</td>
      <td className={`wrap ${styles.recovery}`}>
        <strong>{WHAT_IF_ACTION[g.action]}</strong>
        {g.candidate ? (
          <div data-testid="what-if-candidate">
            to <Candidate c={g.candidate} />
          </div>
        ) : null}
        {g.fencing ? (
          <div>
            <span className="muted">Fencing: </span>
            <Fencing f={g.fencing} />
          </div>
        ) : null}
      </td>
      <td className={`wrap ${styles.notes}`}>
        <p>{g.summary}</p>
        {g.lostMembers.length ? <p className="muted">Lost: {g.lostMembers.map((m) => m.name).join(", ")}</p> : null}
        {g.dependsOnLost.length ? <p className="text-danger">Needs {g.dependsOnLost.join(", ")}, lost too</p> : null}
        {g.notes.length ? (
          <ul>
            {g.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        ) : null}
      </td>
    </tr>
  );
}

/** Every group before and after the loss, affected ones first, with what a recovery would do. */
export function WhatIfResults({ result }: { result: TWhatIfResponse }) {
  const groups = affectedFirst(result.groups);
  return (
    <section aria-label="What-if result" className="stack">
      <p className={styles.totals} role="status">
        Losing {lostText(result.lost)}: {totalsText(result.totals)}.
      </p>
      <DataTable label="What-if per group" columns={["Group", "Before → after", "Recoverable", "Recovery", "What happens"]}>
        {groups.map((g) => (
          <Row key={g.groupId} g={g} />
        ))}
      </DataTable>
    </section>
  );
}
