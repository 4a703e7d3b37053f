"use client";

import Link from "next/link";
import { useId } from "react";
import { useGroups } from "@/components/groups/queries";
import { RedundancyBadge } from "@/components/groups/redundancy-badge";
import type { TGroup } from "@/components/groups/types";
import styles from "./redundancy-strip.module.css";

type TRedundancyGroup = Pick<TGroup, "id" | "name" | "redundancy">;

export type RedundancySummary<G extends TRedundancyGroup = TRedundancyGroup> = {
  total: number;
  broken: number;
  atRisk: number;
  /** BROKEN and AT_RISK groups, worst first. */
  attention: G[];
  /** Groups with no member in another site, by name. */
  noDr: G[];
};

const SEVERITY = { BROKEN: 0, AT_RISK: 1, OK: 2 } as const;
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: "base" });

/**
 * Which groups need a look: BROKEN before AT_RISK, then the largest shortfall
 * (in service minus budget) first, then by name.
 */
export function summarizeRedundancy<G extends TRedundancyGroup>(groups: readonly G[]): RedundancySummary<G> {
  const attention = groups
    .filter((g) => g.redundancy.state !== "OK")
    .sort(
      (a, b) =>
        SEVERITY[a.redundancy.state] - SEVERITY[b.redundancy.state] ||
        a.redundancy.inService - a.redundancy.minHealthy - (b.redundancy.inService - b.redundancy.minHealthy) ||
        byName(a, b),
    );
  return {
    total: groups.length,
    broken: attention.filter((g) => g.redundancy.state === "BROKEN").length,
    atRisk: attention.filter((g) => g.redundancy.state === "AT_RISK").length,
    attention,
    noDr: groups.filter((g) => !g.redundancy.drCovered).sort(byName),
  };
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The one line that sums the strip up ("All 6 groups have a spare member", "1 broken, 2 at risk of 6 groups"). */
export function redundancyHeadline(s: Pick<RedundancySummary, "total" | "broken" | "atRisk">): string {
  if (s.broken === 0 && s.atRisk === 0) {
    return s.total === 1 ? "The only group has a spare member" : `All ${s.total.toLocaleString()} groups have a spare member`;
  }
  const parts = [s.broken > 0 ? `${s.broken.toLocaleString()} broken` : null, s.atRisk > 0 ? `${s.atRisk.toLocaleString()} at risk` : null].filter(Boolean);
  return `${parts.join(", ")} of ${plural(s.total, "group", "groups")}`;
}

/** Fleet page: redundancy groups that are one failure from an outage (or past it), live. */
export function RedundancyStrip() {
  const headingId = useId();
  const q = useGroups();
  const groups = q.data?.groups;

  if (!groups) {
    // Loading: say nothing (the strip is secondary). A failed first load: one quiet line.
    return q.isError ? (
      <p className={styles.quiet} role="status">
        Group redundancy is not available right now.
      </p>
    ) : null;
  }
  if (groups.length === 0) return null;

  const s = summarizeRedundancy(groups);
  const allOk = s.attention.length === 0;

  return (
    <section className={`panel ${styles.strip}`} aria-labelledby={headingId} data-all-ok={allOk || undefined}>
      <div className={styles.head}>
        <h2 id={headingId} className={styles.heading}>
          Redundancy
        </h2>
        <p className={styles.headline} aria-live="polite" aria-atomic="true">
          {redundancyHeadline(s)}
        </p>
        <Link href="/groups" className={styles.all}>
          All groups
        </Link>
      </div>

      {allOk ? null : (
        <ul className={styles.list} aria-label="Groups that need attention">
          {s.attention.map((g) => (
            <li key={g.id} className={styles.item} data-state={g.redundancy.state}>
              <RedundancyBadge state={g.redundancy.state} />
              <Link href={`/groups/${g.id}`} className={styles.name}>
                {g.name}
              </Link>
              <span className={styles.budget}>
                {g.redundancy.inService.toLocaleString()} in service / budget {g.redundancy.minHealthy.toLocaleString()}
              </span>
              {g.redundancy.unavailable.length > 0 ? (
                <span className={styles.out}>
                  <span className={styles.outLabel}>Not counting:</span>
                  {g.redundancy.unavailable.map((m, i) => (
                    <span key={`${m.name}-${i}`} className={styles.member}>
                      <strong>{m.name}</strong> <span className="muted">{m.why}</span>
                    </span>
                  ))}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {s.noDr.length > 0 ? (
        <p className={styles.note}>
          No copy in another site:{" "}
          {s.noDr.map((g, i) => (
            <span key={g.id}>
              {i > 0 ? ", " : null}
              <Link href={`/groups/${g.id}`}>{g.name}</Link>
            </span>
          ))}
        </p>
      ) : null}
      {q.isError ? <p className={styles.note}>The last update failed; this shows the previous state.</p> : null}
    </section>
  );
}
