"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { complianceComparators } from "@/server/rollouts/compliance-status";
import { Age } from "./age";
import { ComplianceBadge } from "./labels";
import type { TComplianceServer, TComplianceSort } from "./types";
import styles from "./compliance.module.css";

export type SortState = { key: TComplianceSort; reversed: boolean };
export const WORST_FIRST: SortState = { key: "worst", reversed: false };

/** Rendered at first: enough for any screen, cheap at 10,000 servers. */
const PAGE = 200;

type Column = { key: TComplianceSort; label: string; /** What the natural order is, for aria-sort. */ natural: "ascending" | "descending"; numeric?: boolean };
const COLUMNS: Column[] = [
  { key: "name", label: "Server", natural: "ascending" },
  { key: "worst", label: "Status", natural: "descending" },
  { key: "pending", label: "Pending", natural: "descending", numeric: true },
  { key: "security", label: "Security", natural: "descending", numeric: true },
];
const LAST_PATCHED: Column = { key: "lastPatched", label: "Last patched", natural: "ascending" };
const flip = (d: "ascending" | "descending") => (d === "ascending" ? "descending" : "ascending");

function SortHeader({ col, sort, onSort }: { col: Column; sort: SortState; onSort: (s: SortState) => void }) {
  const active = sort.key === col.key;
  const dir = active ? (sort.reversed ? flip(col.natural) : col.natural) : undefined;
  return (
    <th scope="col" aria-sort={dir ?? "none"} className={col.numeric ? styles.num : undefined}>
      <button type="button" className={styles.sortButton} onClick={() => onSort({ key: col.key, reversed: active ? !sort.reversed : false })}>
        {col.label}
        <span className={styles.sortMark} aria-hidden="true" data-active={active || undefined}>
          {dir === "ascending" ? "▲" : dir === "descending" ? "▼" : "↕"}
        </span>
      </button>
    </th>
  );
}

function Kernel({ s }: { s: TComplianceServer }) {
  if (!s.kernelRunning) return <span className="muted">—</span>;
  const newer = s.kernelInstalled && s.kernelInstalled !== s.kernelRunning;
  return (
    <span className={styles.kernel} title={newer ? `Running ${s.kernelRunning}; ${s.kernelInstalled} is installed` : `Running ${s.kernelRunning}`}>
      <code>{s.kernelRunning}</code>
      {newer ? (
        <span className={styles.kernelNext}>
          <span aria-hidden="true">→ </span>
          <span className="visually-hidden">installed </span>
          <code>{s.kernelInstalled}</code>
        </span>
      ) : null}
    </span>
  );
}

const count = (n: number | null) => (n === null ? <span className="muted">—</span> : n.toLocaleString());

export function ComplianceTable({ servers, sort, onSort, busy }: { servers: readonly TComplianceServer[]; sort: SortState; onSort: (s: SortState) => void; busy: boolean }) {
  const [limit, setLimit] = useState(PAGE);
  const sorted = useMemo(() => {
    const cmp = complianceComparators[sort.key];
    return [...servers].sort(sort.reversed ? (a, b) => cmp(b, a) : cmp);
  }, [servers, sort]);
  const shown = sorted.slice(0, limit);
  return (
    <section className="panel" aria-labelledby="compliance-servers">
      <div className="table-wrap">
        <table className={`table ${styles.table}`} aria-busy={busy} data-testid="compliance-table">
          <caption id="compliance-servers" className="visually-hidden">
            Servers and their patch state
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <SortHeader key={c.key} col={c} sort={sort} onSort={onSort} />
              ))}
              <th scope="col">Kernel</th>
              <SortHeader col={LAST_PATCHED} sort={sort} onSort={onSort} />
              <th scope="col">Checked</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.serverId} data-testid="compliance-row" data-status={s.status}>
                <td className="name-cell">
                  <Link href={`/servers/${s.serverId}`} className={styles.name}>
                    {s.name}
                  </Link>
                  <span className={styles.where}>{[s.siteName ?? "No site", ...s.groups.map((g) => g.name)].join(" · ")}</span>
                </td>
                <td>
                  <ComplianceBadge status={s.status} />
                </td>
                <td className={styles.num} data-col="pending">
                  {count(s.pendingUpdates)}
                </td>
                <td className={styles.num} data-col="security">
                  {s.securityUpdates ? <strong className={styles.security}>{s.securityUpdates.toLocaleString()}</strong> : count(s.securityUpdates)}
                </td>
                <td>
                  <Kernel s={s} />
                </td>
                <td>
                  <Age iso={s.lastPatchedAt} />
                </td>
                <td>
                  <Age iso={s.checkedAt} prefix="checked " fallback="not checked" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sorted.length > shown.length ? (
        <div className="table-footer">
          <span>
            {shown.length.toLocaleString()} of {sorted.length.toLocaleString()} servers shown
          </span>
          <button type="button" className="btn" onClick={() => setLimit(sorted.length)}>
            Show all
          </button>
        </div>
      ) : null}
    </section>
  );
}
