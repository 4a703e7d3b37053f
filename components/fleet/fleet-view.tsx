"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useFleet, useFleetShape } from "@/components/realtime/socket-provider";
import { LiveIndicator } from "@/components/realtime/live-indicator";
import { ErrorAlert } from "@/components/ui/messages";
import { PageHeader } from "@/components/ui/page-header";
import { buildFleetView, EMPTY_FILTERS, filtersToQuery, hasFilters, NO_SITE, parseFilters, type FleetFilters } from "./fleet-query";
import { StateCounts } from "./state-counts";
import { FleetGrid } from "./fleet-grid";
import { EmptyFleet } from "./empty-fleet";
import { RedundancyStrip } from "./redundancy-strip";
import styles from "./fleet.module.css";

const SEARCH_DEBOUNCE_MS = 250;

/** The Fleet page: every server, live, grouped by site; filters live in the URL. */
export function FleetView({ isAdmin }: { isAdmin: boolean }) {
  const { store, connection, room } = useFleet();
  const shape = useFleetShape(store);
  const pathname = usePathname();
  const urlQuery = useSearchParams().toString();

  // The filters answer at once from local state; the URL follows through native
  // history (no server round trip). A URL change that is not our own write
  // (back/forward, a link) wins.
  const [current, setCurrent] = useState(() => ({ query: urlQuery, filters: parseFilters(new URLSearchParams(urlQuery)) }));
  const [q, setQ] = useState(current.filters.q);
  if (urlQuery !== current.query) {
    const f = parseFilters(new URLSearchParams(urlQuery));
    setCurrent({ query: urlQuery, filters: f });
    setQ(f.q);
  }
  const filters = current.filters;
  const deferredQ = useDeferredValue(q);

  const setFilters = (next: FleetFilters) => {
    const query = filtersToQuery(next);
    setCurrent({ query, filters: next });
    window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
  };
  const update = (patch: Partial<FleetFilters>) => setFilters({ ...filters, q, ...patch });

  const debounce = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(filters);
  useEffect(() => {
    latest.current = filters;
  });
  useEffect(() => () => clearTimeout(debounce.current), []);
  const onSearch = (value: string) => {
    setQ(value);
    clearTimeout(debounce.current);
    // The filters as they are when the typing pauses, not as they were at the first keystroke.
    debounce.current = setTimeout(() => setFilters({ ...latest.current, q: value }), SEARCH_DEBOUNCE_MS);
  };

  const effective = useMemo(() => ({ ...filters, q: deferredQ }), [filters, deferredQ]);
  const view = useMemo(() => buildFleetView(shape.hosts, effective), [shape, effective]);
  const filtered = hasFilters(effective);

  const header = (
    <PageHeader
      title="Fleet"
      description="Every server's health, checked over SSH. Data older than three poll intervals is marked stale."
      actions={
        <div className={styles.headerActions}>
          <LiveIndicator connection={connection} room={shape.ready || room.phase !== "live" ? room : { phase: "joining", error: null }} />
          {isAdmin ? (
            <Link href="/settings/inventory" className="btn">
              Add server
            </Link>
          ) : null}
        </div>
      }
    />
  );

  if (!shape.ready) {
    return (
      <div className="page page-wide">
        {header}
        {room.phase === "error" ? (
          <ErrorAlert>The live fleet is not available: {room.error?.message}</ErrorAlert>
        ) : (
          <section className="panel not-built" aria-busy="true">
            <p>{connection === "reconnecting" ? "Reconnecting to Tandem…" : "Connecting to the live fleet…"}</p>
            <p className="muted">Servers appear as soon as the first snapshot arrives.</p>
          </section>
        )}
      </div>
    );
  }

  if (view.total === 0) {
    return (
      <div className="page page-wide">
        {header}
        <EmptyFleet isAdmin={isAdmin} />
      </div>
    );
  }

  const siteKnown = !filters.site || filters.site === NO_SITE || view.sites.some((s) => s.id === filters.site);
  return (
    <div className="page page-wide">
      {header}
      <div className="stack">
        <RedundancyStrip />
        <StateCounts counts={view.counts} selected={filters.states} onChange={(states) => update({ states })} />
        <form className={styles.filters} role="search" aria-label="Filter servers" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="fleet-q">Search</label>
            <input
              id="fleet-q"
              type="search"
              className="input"
              placeholder="Name, address or tag"
              autoComplete="off"
              spellCheck={false}
              value={q}
              onChange={(e) => onSearch(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="fleet-site">Site</label>
            <select id="fleet-site" className="select" value={siteKnown ? (filters.site ?? "") : ""} onChange={(e) => update({ site: e.target.value || null })}>
              <option value="">Every site</option>
              {view.sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
              <option value={NO_SITE}>No site</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="fleet-tag">Tag</label>
            <select id="fleet-tag" className="select" value={filters.tag ?? ""} onChange={(e) => update({ tag: e.target.value || null })}>
              <option value="">Any tag</option>
              {filters.tag && !view.tags.includes(filters.tag) ? <option value={filters.tag}>{filters.tag}</option> : null}
              {view.tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="fleet-sort">Order</label>
            <select id="fleet-sort" className="select" value={filters.sort} onChange={(e) => update({ sort: e.target.value === "state" ? "state" : "name" })}>
              <option value="name">By name</option>
              <option value="state">Problems first</option>
            </select>
          </div>
          <div className={styles.filterActions}>
            <button
              type="button"
              className="btn"
              disabled={!filtered}
              onClick={() => {
                setQ("");
                setFilters({ ...EMPTY_FILTERS, sort: filters.sort });
              }}
            >
              Clear filters
            </button>
          </div>
        </form>
        <p className={styles.summary}>
          {filtered ? `${view.shown.toLocaleString()} of ${view.total.toLocaleString()} servers match` : `${view.total.toLocaleString()} servers`}
          {view.groups.length > 1 ? ` in ${view.groups.length} sites` : ""}
        </p>
        {view.shown === 0 ? (
          <section className="panel not-built">
            <p>No servers match these filters.</p>
          </section>
        ) : (
          <FleetGrid store={store} groups={view.groups} label={`Servers, ${view.shown.toLocaleString()} shown, grouped by site`} />
        )}
      </div>
    </div>
  );
}
