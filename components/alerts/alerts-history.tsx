"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useGroups } from "@/components/groups/queries";
import { useServers } from "@/components/inventory/queries";
import { ClippedText } from "@/components/ui/clipped-text";
import { DataTable, TableState } from "@/components/ui/data-table";
import { LoadMoreFooter } from "@/components/ui/load-more";
import { SelectField, TextField } from "@/components/ui/field";
import { localInputToIso } from "@/components/ui/format";
import { QueryError } from "@/components/ui/messages";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { useFilterForm } from "@/components/ui/use-filter-form";
import { subjectOf } from "./alerts-state";
import { alertFiltersToQuery, isoToLocalInput, parseAlertFilters } from "./history-filters";
import { AlertStateBadge, FlappingBadge, SeverityBadge, alertStateLabel, severityLabel, sourceLabel } from "./labels";
import { useAlertHistory, type TAlertFilters } from "./queries";
import { ALERT_SOURCES, ALERT_STATES, SEVERITIES, type TAlert } from "./types";

const COLUMNS = ["Severity", "Alert", "Subject", "Source", "State", "First seen", "Last seen", "Resolved", "Count"];

function Row({ alert }: { alert: TAlert }) {
  return (
    <tr data-alert-id={alert.id}>
      <td>
        <SeverityBadge severity={alert.severity} />
      </td>
      <th scope="row" className="clip-fill">
        <span className="clip-line">
          <ClippedText href={`/alerts/${alert.id}`} text={alert.title} />
          {alert.flapping ? <FlappingBadge /> : null}
          {alert.suppressed ? <span className="badge">Suppressed</span> : null}
        </span>
      </th>
      <td className="nowrap">{subjectOf(alert) ?? <span className="muted">—</span>}</td>
      <td>{sourceLabel(alert.source)}</td>
      <td>
        <AlertStateBadge state={alert.state} />
      </td>
      <td className="nowrap">
        <Time iso={alert.firstSeenAt} precision="minutes" />
      </td>
      <td className="nowrap">
        <Time iso={alert.lastSeenAt} precision="minutes" />
      </td>
      <td className="nowrap">
        <Time iso={alert.resolvedAt} precision="minutes" />
      </td>
      <td>{alert.count}</td>
    </tr>
  );
}

/** Every alert, newest first, filtered by what the URL says. */
export function AlertsHistory() {
  const pathname = usePathname();
  const urlQuery = useSearchParams().toString();
  // The URL follows the form through native history (no server round trip); a
  // URL change that is not our own (back, a link) resets the form to it.
  const [current, setCurrent] = useState(() => ({ query: urlQuery, filters: parseAlertFilters(new URLSearchParams(urlQuery)), formKey: 0 }));
  if (urlQuery !== current.query) setCurrent({ query: urlQuery, filters: parseAlertFilters(new URLSearchParams(urlQuery)), formKey: current.formKey + 1 });
  const filters = current.filters;
  const [rangeError, setRangeError] = useState<string>();

  const query = useAlertHistory(filters);
  const servers = useServers({});
  const groups = useGroups();

  function setFilters(next: TAlertFilters) {
    const q = alertFiltersToQuery(next);
    setCurrent((c) => ({ query: q, filters: next, formKey: c.formKey }));
    window.history.replaceState(null, "", q ? `${pathname}?${q}` : pathname);
  }

  const filterForm = useFilterForm({
    apply: (form) => {
      const pick = (name: string) => String(form.get(name) ?? "").trim() || undefined;
      const from = localInputToIso(String(form.get("from") ?? ""));
      const to = localInputToIso(String(form.get("to") ?? ""), true);
      if (from && to && new Date(from) > new Date(to)) return setRangeError("“From” must be before “To”.");
      setRangeError(undefined);
      setFilters({ state: pick("state"), severity: pick("severity"), source: pick("source"), serverId: pick("serverId"), groupId: pick("groupId"), from, to, q: pick("q") });
    },
    clear: () => {
      setRangeError(undefined);
      setFilters({});
    },
    delay: 400,
  });

  const alerts = query.data?.pages.flatMap((p) => p.alerts) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="stack">
      <Panel titleId="alerts-filters-title" title="Filters" bodyless>
        <form {...filterForm} key={current.formKey} className="panel-body" role="search" aria-label="Filter alerts">
          <div className="filters">
            <SelectField label="State" name="state" defaultValue={filters.state ?? ""}>
              <option value="">Any state</option>
              <option value="open">Open (firing or acknowledged)</option>
              {ALERT_STATES.map((s) => (
                <option key={s} value={s}>
                  {alertStateLabel(s)}
                </option>
              ))}
            </SelectField>
            <SelectField label="Severity" name="severity" defaultValue={filters.severity ?? ""}>
              <option value="">Any severity</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {severityLabel(s)}
                </option>
              ))}
            </SelectField>
            <SelectField label="Source" name="source" defaultValue={filters.source ?? ""}>
              <option value="">Any source</option>
              {ALERT_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {sourceLabel(s)}
                </option>
              ))}
            </SelectField>
            {/* Keyed by the list's arrival: a select's default applies only once its option exists. */}
            <SelectField key={`s${servers.data ? 1 : 0}`} label="Server" name="serverId" defaultValue={filters.serverId ?? ""}>
              <option value="">Any server</option>
              {servers.data?.servers.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </SelectField>
            <SelectField key={`g${groups.data ? 1 : 0}`} label="Group" name="groupId" defaultValue={filters.groupId ?? ""}>
              <option value="">Any group</option>
              {groups.data?.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </SelectField>
            <TextField label="From" name="from" type="datetime-local" hint="Your local time" defaultValue={isoToLocalInput(filters.from)} />
            <TextField label="To" name="to" type="datetime-local" hint="Your local time" error={rangeError} defaultValue={isoToLocalInput(filters.to)} />
            <TextField label="Search" name="q" type="search" hint="Words in the title" autoComplete="off" defaultValue={filters.q ?? ""} />
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              Apply filters
            </button>
            <button type="reset" className="btn">
              Clear
            </button>
          </div>
        </form>
      </Panel>

      <QueryError result={query} />

      <section className="panel">
        <DataTable label="Alerts, newest first" busy={query.isFetching} columns={COLUMNS}>
          {alerts.map((a) => (
            <Row key={a.id} alert={a} />
          ))}
        </DataTable>
        <TableState query={query} empty={alerts.length === 0}>
          {filtered ? "No alerts match these filters." : "No alerts yet."}
        </TableState>
        <LoadMoreFooter query={query} count={alerts.length} noun={["alert", "alerts"]} />
      </section>
    </div>
  );
}
