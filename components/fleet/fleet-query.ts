// The Fleet page's filters, as they live in the URL (?q=&site=&tag=&state=&sort=),
// and the pure work of turning the fleet into the groups the page shows.
import type { TFleetHost } from "@/server/fleet/fleet.types";
import { DISPLAY_STATES, displayState, isDisplayState, severity, type DisplayState } from "./host-state";

export type FleetSort = "name" | "state";
export type FleetFilters = {
  q: string;
  /** A site id, "none" for servers without a site, or null for every site. */
  site: string | null;
  tag: string | null;
  states: DisplayState[];
  sort: FleetSort;
};

export const NO_SITE = "none";
export const EMPTY_FILTERS: FleetFilters = { q: "", site: null, tag: null, states: [], sort: "name" };

export function parseFilters(params: URLSearchParams): FleetFilters {
  const states = params
    .getAll("state")
    .flatMap((s) => s.split(","))
    .map((s) => s.trim().toUpperCase())
    .filter(isDisplayState);
  return {
    q: (params.get("q") ?? "").slice(0, 200),
    site: params.get("site") || null,
    tag: params.get("tag") || null,
    states: DISPLAY_STATES.filter((s) => states.includes(s)),
    sort: params.get("sort") === "state" ? "state" : "name",
  };
}

/** The query string for these filters (defaults left out), without the "?". */
export function filtersToQuery(f: FleetFilters): string {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set("q", f.q.trim());
  if (f.site) p.set("site", f.site);
  if (f.tag) p.set("tag", f.tag);
  for (const s of f.states) p.append("state", s);
  if (f.sort !== "name") p.set("sort", f.sort);
  return p.toString();
}

export function hasFilters(f: FleetFilters): boolean {
  return Boolean(f.q.trim() || f.site || f.tag || f.states.length);
}

/** Search: every word must appear in the name, the address or a tag. */
export function matchesSearch(h: TFleetHost, q: string): boolean {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const name = h.name.toLowerCase();
  const address = h.address.toLowerCase();
  return words.every((w) => name.includes(w) || address.includes(w) || h.tags.some((t) => t.includes(w)));
}

export type FleetGroup = { key: string; label: string; ids: string[]; problems: number };
export type FleetView = {
  groups: FleetGroup[];
  /** Hosts matching search, site and tag, per state: the counts at the top (the state filter is left out so each count says what clicking it would show). */
  counts: Record<DisplayState, number>;
  /** Hosts in the inventory. */
  total: number;
  /** Hosts shown after every filter. */
  shown: number;
  sites: { id: string; name: string }[];
  tags: string[];
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function isProblem(s: DisplayState): boolean {
  return s === "DOWN" || s === "UNREACHABLE" || s === "AGENT_ERROR" || s === "DEGRADED";
}

type Inventory = { idsByName: string[]; sites: { id: string; name: string }[]; tags: string[] };

/**
 * What only an inventory change can change: the name order, sites and tags.
 * The store replaces its map on every snapshot (and only then adds or removes
 * hosts), so the map itself is the cache key; a delta costs no sorting.
 */
const inventories = new WeakMap<ReadonlyMap<string, TFleetHost>, Inventory>();

function inventoryOf(hosts: ReadonlyMap<string, TFleetHost>): Inventory {
  let inv = inventories.get(hosts);
  if (inv) return inv;
  const sites = new Map<string, string>();
  const tags = new Set<string>();
  for (const h of hosts.values()) {
    if (h.site) sites.set(h.site.id, h.site.name);
    for (const t of h.tags) tags.add(t);
  }
  inv = {
    idsByName: [...hosts.values()].sort((a, b) => collator.compare(a.name, b.name)).map((h) => h.id),
    sites: [...sites].map(([id, name]) => ({ id, name })).sort((a, b) => collator.compare(a.name, b.name)),
    tags: [...tags].sort(collator.compare),
  };
  inventories.set(hosts, inv);
  return inv;
}

/** Filters, counts and groups the fleet in one pass over the name order: linear, however often states change. */
export function buildFleetView(hosts: ReadonlyMap<string, TFleetHost>, f: FleetFilters): FleetView {
  const inv = inventoryOf(hosts);
  const counts = Object.fromEntries(DISPLAY_STATES.map((s) => [s, 0])) as Record<DisplayState, number>;
  // Per site, hosts bucketed by severity (one bucket when sorting by name), each bucket in name order.
  const bySite = new Map<string, { label: string; buckets: string[][]; problems: number }>();
  const buckets = f.sort === "state" ? DISPLAY_STATES.length : 1;
  let shown = 0;
  for (const id of inv.idsByName) {
    const h = hosts.get(id);
    if (!h) continue;
    if (f.site && (f.site === NO_SITE ? h.site !== null : h.site?.id !== f.site)) continue;
    if (f.tag && !h.tags.includes(f.tag)) continue;
    if (f.q && !matchesSearch(h, f.q)) continue;
    const state = displayState(h);
    counts[state]++;
    if (f.states.length && !f.states.includes(state)) continue;
    shown++;
    const key = h.site?.id ?? NO_SITE;
    let g = bySite.get(key);
    if (!g) bySite.set(key, (g = { label: h.site?.name ?? "No site", buckets: Array.from({ length: buckets }, () => []), problems: 0 }));
    g.buckets[buckets === 1 ? 0 : severity(state)]!.push(h.id);
    if (isProblem(state)) g.problems++;
  }
  const groups = [...bySite.entries()]
    .map(([key, g]) => ({ key, label: g.label, ids: g.buckets.flat(), problems: g.problems }))
    // Sites by name; servers without a site last.
    .sort((a, b) => (a.key === NO_SITE ? 1 : 0) - (b.key === NO_SITE ? 1 : 0) || collator.compare(a.label, b.label));
  return { groups, counts, total: hosts.size, shown, sites: inv.sites, tags: inv.tags };
}

/** Rows of the virtual list: a heading per group, then its hosts `columns` to a row. */
export type FleetRow = { kind: "group"; key: string; group: FleetGroup } | { kind: "hosts"; key: string; ids: string[] };

export function toRows(groups: FleetGroup[], columns: number): FleetRow[] {
  const rows: FleetRow[] = [];
  for (const g of groups) {
    rows.push({ kind: "group", key: `g:${g.key}`, group: g });
    // Keyed by position, so a re-sort moves tiles between rows instead of replacing the rows.
    for (let i = 0; i < g.ids.length; i += columns) rows.push({ kind: "hosts", key: `h:${g.key}:${i / columns}`, ids: g.ids.slice(i, i + columns) });
  }
  return rows;
}
