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

/** A labelled select whose empty value means "no filter". */
function FilterSelect({ id, label, any, value, options = [], onChange }: { id: string; label: string; any: string; value: string; options?: [value: string, label: string][]; onChange: (v: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{any}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

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
          <FilterSelect id="compliance-site" label="Site" any="Every site" value={filters.siteId} onChange={(siteId) => update({ siteId })} options={sites.data?.sites.map((x) => [x.id, x.name])} />
          <FilterSelect id="compliance-group" label="Group" any="Every group" value={filters.groupId} onChange={(groupId) => update({ groupId })} options={groups.data?.groups.map((g) => [g.id, g.name])} />
          <FilterSelect id="compliance-tag" label="Tag" any="Any tag" value={filters.tag} onChange={(tag) => update({ tag })} options={tags.map((t) => [t, t])} />
          <FilterSelect
            id="compliance-status"
            label="Status"
            any="Any status"
            value={filters.status}
            onChange={(status) => update({ status: status as TComplianceStatus | "" })}
            options={STATUS_ORDER.map((x) => [x, STATUS_LABEL[x]])}
          />
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
