"use client";

import { useMemo, useState } from "react";
import { useGroups } from "@/components/groups/queries";
import { useSites } from "@/components/inventory/queries";
import { ErrorAlert } from "@/components/ui/messages";
import { PageHeader } from "@/components/ui/page-header";
import { ComplianceSummary } from "./compliance-summary";
import { ComplianceTable, WORST_FIRST, type SortState } from "./compliance-table";
import { STATUS_LABEL, STATUS_ORDER } from "./labels";
import { NO_FILTERS, useCompliance, type ComplianceFilters } from "./queries";
import type { TComplianceStatus } from "./types";
import styles from "./compliance.module.css";

/** The Compliance page: every server's pending updates and reboots, worst first. */
export function CompliancePage() {
  const [filters, setFilters] = useState<ComplianceFilters>(NO_FILTERS);
  const [sort, setSort] = useState<SortState>(WORST_FIRST);
  const report = useCompliance(filters);
  const sites = useSites();
  const groups = useGroups();
  const update = (patch: Partial<ComplianceFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const filtered = Object.values(filters).some(Boolean);

  // Tags of the servers listed, plus the one chosen (so it stays selectable when nothing matches).
  const tags = useMemo(() => {
    const all = new Set(report.data?.servers.flatMap((s) => s.tags));
    if (filters.tag) all.add(filters.tag);
    return [...all].sort();
  }, [report.data, filters.tag]);

  const data = report.data;
  return (
    <div className="page page-wide">
      <PageHeader
        title="Compliance"
        description="Pending updates, security updates and reboots on each server, as its agent last counted them. Worst first: reboots and security updates, then other updates, then servers not yet counted."
      />
      <div className="stack">
        {report.isError ? <ErrorAlert>Compliance could not be loaded: {report.error.message}</ErrorAlert> : null}
        {data ? <ComplianceSummary summary={data.summary} /> : null}
        <form className={styles.filters} role="search" aria-label="Filter servers" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="compliance-site">Site</label>
            <select id="compliance-site" className="select" value={filters.siteId} onChange={(e) => update({ siteId: e.target.value })}>
              <option value="">Every site</option>
              {sites.data?.sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="compliance-group">Group</label>
            <select id="compliance-group" className="select" value={filters.groupId} onChange={(e) => update({ groupId: e.target.value })}>
              <option value="">Every group</option>
              {groups.data?.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="compliance-tag">Tag</label>
            <select id="compliance-tag" className="select" value={filters.tag} onChange={(e) => update({ tag: e.target.value })}>
              <option value="">Any tag</option>
              {tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="compliance-status">Status</label>
            <select id="compliance-status" className="select" value={filters.status} onChange={(e) => update({ status: e.target.value as TComplianceStatus | "" })}>
              <option value="">Any status</option>
              {STATUS_ORDER.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </div>
          <div className={styles.filterActions}>
            <button type="button" className="btn" disabled={!filtered} onClick={() => setFilters(NO_FILTERS)}>
              Clear filters
            </button>
            <button type="button" className="btn" disabled={sort === WORST_FIRST} onClick={() => setSort(WORST_FIRST)}>
              Worst first
            </button>
          </div>
        </form>
        {report.isPending ? (
          <p className="table-state">Loading…</p>
        ) : data && data.servers.length === 0 ? (
          <section className="panel not-built">
            <p>{filtered ? "No servers match these filters." : "No enabled servers yet: add some under Settings, Inventory."}</p>
          </section>
        ) : data ? (
          <ComplianceTable servers={data.servers} sort={sort} onSort={setSort} busy={report.isFetching && report.isPlaceholderData} />
        ) : null}
      </div>
    </div>
  );
}
