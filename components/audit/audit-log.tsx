"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import type { TAuditEvent, TAuditFilters, TAuditPage } from "@/components/api/types";
import { ClippedText } from "@/components/ui/clipped-text";
import { DataTable, TableState } from "@/components/ui/data-table";
import { LoadMoreFooter } from "@/components/ui/load-more";
import { TextField } from "@/components/ui/field";
import { localInputToIso } from "@/components/ui/format";
import { QueryError } from "@/components/ui/messages";
import { Panel } from "@/components/ui/panel";
import { useFilterForm } from "@/components/ui/use-filter-form";
import { Time } from "@/components/ui/time";

const PAGE_SIZE = 50;

function auditUrl(filters: TAuditFilters, before: string | undefined): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  if (before) q.set("before", before);
  q.set("limit", String(PAGE_SIZE));
  return `/api/v1/audit-events?${q}`;
}

function compactJson(details: unknown): string {
  if (details === null || details === undefined) return "";
  if (typeof details === "object" && Object.keys(details).length === 0) return "";
  return JSON.stringify(details);
}

function EventRow({ event }: { event: TAuditEvent }) {
  const details = compactJson(event.details);
  return (
    <tr>
      <td className="nowrap">
        <Time iso={event.at} />
      </td>
      <td className="clip-cell">
        <ClippedText text={event.actor.label} />
      </td>
      <td>
        <code>{event.action}</code>
      </td>
      <td className="nowrap">
        {event.targetType}
        {event.targetId ? (
          <>
            {" "}
            <span className="mono muted" title={event.targetId}>
              {event.targetId.length > 13 ? `${event.targetId.slice(0, 8)}…` : event.targetId}
            </span>
          </>
        ) : null}
      </td>
      <td className="nowrap mono">{event.ip ?? <span className="muted">—</span>}</td>
      <td className="clip-fill">{details ? <ClippedText text={details} className="details-json" /> : <span className="muted">—</span>}</td>
    </tr>
  );
}

export function AuditLog() {
  const [filters, setFilters] = useState<TAuditFilters>({});
  const [rangeError, setRangeError] = useState<string>();

  const query = useInfiniteQuery({
    queryKey: ["audit-events", filters],
    queryFn: ({ pageParam, signal }) => fetchJson<TAuditPage>(auditUrl(filters, pageParam), { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });

  const filterForm = useFilterForm({
    apply,
    clear: () => {
      setRangeError(undefined);
      setFilters({});
    },
    delay: 400,
  });

  function apply(form: FormData) {
    const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    const from = localInputToIso(String(form.get("from") ?? ""));
    const to = localInputToIso(String(form.get("to") ?? ""), true);
    if (from && to && new Date(from) > new Date(to)) {
      setRangeError("“From” must be before “To”.");
      return;
    }
    setRangeError(undefined);
    // Unchanged filters hash to the same query key, so the loaded pages stay.
    setFilters({ actor: text("actor"), action: text("action"), targetType: text("targetType"), from, to });
  }

  const events = query.data?.pages.flatMap((p) => p.events) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="stack">
      <Panel titleId="audit-filters-title" title="Filters" bodyless>
        <form {...filterForm} className="panel-body">
          <div className="filters">
            <TextField label="Actor" name="actor" hint="Email, or part of it" autoComplete="off" />
            <TextField label="Action" name="action" hint="Prefix, e.g. user. or auth.login" autoComplete="off" />
            <TextField label="Target type" name="targetType" hint="e.g. user, api_token" autoComplete="off" />
            <TextField label="From" name="from" type="datetime-local" hint="Your local time" />
            <TextField label="To" name="to" type="datetime-local" error={rangeError} hint="Your local time" />
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
        <DataTable label="Audit events, newest first" busy={query.isFetching} columns={["When", "Who", "Action", "Target", "From (IP)", "Details"]}>
          {events.map((e) => (
            <EventRow key={e.id} event={e} />
          ))}
        </DataTable>
        <TableState query={query} empty={events.length === 0}>
          {filtered ? "No audit events match these filters." : "No audit events yet."}
        </TableState>
        <LoadMoreFooter query={query} count={events.length} noun={["event", "events"]} />
      </section>
    </div>
  );
}
