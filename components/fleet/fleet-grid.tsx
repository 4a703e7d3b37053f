"use client";

import { defaultRangeExtractor, useWindowVirtualizer, type Range } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type RefObject } from "react";
import type { FleetStore } from "@/components/realtime/fleet-store";
import { toRows, type FleetGroup, type FleetRow } from "./fleet-query";
import { HostTile } from "./host-tile";
import styles from "./fleet.module.css";

// Fixed sizes: nothing needs measuring, so scrolling 5,000 servers costs only the rows in view.
const MIN_TILE_W = 210;
const GAP = 8;
const TILE_ROW_H = 112; // tile 104 + gap
const GROUP_ROW_H = 44;
const STICKY_HEADER = 56;

function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

function tileRows(rows: FleetRow[]): number[] {
  const out: number[] = [];
  rows.forEach((r, i) => r.kind === "hosts" && out.push(i));
  return out;
}

/** The grid's next focus for an arrow key, Home or End: [row index, column]. */
function moveFocus(rows: FleetRow[], key: string, row: number, col: number): [number, number] | null {
  const hostRows = tileRows(rows);
  const at = hostRows.indexOf(row);
  const len = (r: number | undefined) => (r === undefined ? 0 : (rows[r] as Extract<FleetRow, { kind: "hosts" }>).ids.length);
  if (at < 0) return null;
  switch (key) {
    case "ArrowRight":
      if (col + 1 < len(row)) return [row, col + 1];
      return at + 1 < hostRows.length ? [hostRows[at + 1]!, 0] : null;
    case "ArrowLeft":
      if (col > 0) return [row, col - 1];
      return at > 0 ? [hostRows[at - 1]!, len(hostRows[at - 1]) - 1] : null;
    case "ArrowDown":
      return at + 1 < hostRows.length ? [hostRows[at + 1]!, Math.min(col, len(hostRows[at + 1]) - 1)] : null;
    case "ArrowUp":
      return at > 0 ? [hostRows[at - 1]!, Math.min(col, len(hostRows[at - 1]) - 1)] : null;
    case "Home":
      return hostRows.length ? [hostRows[0]!, 0] : null;
    case "End": {
      const last = hostRows[hostRows.length - 1];
      return last === undefined ? null : [last, len(last) - 1];
    }
    default:
      return null;
  }
}

function GroupHeading({ group }: { group: FleetGroup }) {
  return (
    <h2 className={styles.groupHeading}>
      {group.label}
      <span className={styles.groupMeta}>
        {group.ids.length} {group.ids.length === 1 ? "server" : "servers"}
        {group.problems ? <strong className={styles.groupProblems}> · {group.problems} with problems</strong> : null}
      </span>
    </h2>
  );
}

/**
 * The servers, grouped, as a virtual grid on the page's own scroll: only the
 * rows in view (and a few around them) exist in the DOM. Arrow keys, Home and
 * End move between tiles, scrolling as needed.
 */
export function FleetGrid({ store, groups, label }: { store: FleetStore; groups: FleetGroup[]; label: string }) {
  const listRef = useRef<HTMLDivElement>(null);
  const width = useWidth(listRef);
  const columns = width ? Math.max(1, Math.floor((width + GAP) / (MIN_TILE_W + GAP))) : 1;
  const rows = useMemo(() => toRows(groups, columns), [groups, columns]);

  // Where the list starts on the page: measured when anything around it changes size
  // (filters wrapping, a notice appearing), not on every render.
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const el = listRef.current;
    const around = el?.parentElement;
    if (!el || !around) return;
    const measure = () => setScrollMargin(Math.round(el.getBoundingClientRect().top + window.scrollY));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(around);
    return () => ro.disconnect();
  }, []);

  // The focused row stays rendered even when scrolled away, so focus is never lost.
  const focusedRow = useRef<number | null>(null);
  const rangeExtractor = useCallback((range: Range) => {
    const out = defaultRangeExtractor(range);
    const f = focusedRow.current;
    if (f === null || f >= range.count || out.includes(f)) return out;
    return [...out, f].sort((a, b) => a - b);
  }, []);

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: useCallback((i: number) => (rows[i]?.kind === "group" ? GROUP_ROW_H : TILE_ROW_H), [rows]),
    // A new key function when the rows change makes the virtualizer re-read every size.
    getItemKey: useCallback((i: number) => rows[i]?.key ?? i, [rows]),
    overscan: 4,
    scrollMargin,
    scrollPaddingStart: STICKY_HEADER,
    rangeExtractor,
  });

  const pendingFocus = useRef<string | null>(null);
  useEffect(() => {
    const pos = pendingFocus.current;
    if (!pos) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-pos="${pos}"]`);
    if (el) {
      pendingFocus.current = null;
      el.focus({ preventScroll: false });
    }
  });

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const pos = (e.target as HTMLElement).closest<HTMLElement>("[data-pos]")?.dataset.pos;
    if (!pos) return;
    const [r, c] = pos.split(":").map(Number) as [number, number];
    const next = moveFocus(rows, e.key, r, c);
    if (!next) return;
    e.preventDefault();
    focusedRow.current = next[0];
    pendingFocus.current = `${next[0]}:${next[1]}`;
    virtualizer.scrollToIndex(next[0], { align: "auto" });
    // Rendered already: focus now; otherwise the effect above does once it is.
    const el = listRef.current?.querySelector<HTMLElement>(`[data-pos="${pendingFocus.current}"]`);
    if (el) {
      pendingFocus.current = null;
      el.focus();
    }
  }

  function onFocus(e: FocusEvent<HTMLDivElement>) {
    const pos = (e.target as HTMLElement).closest<HTMLElement>("[data-pos]")?.dataset.pos;
    focusedRow.current = pos ? Number(pos.split(":")[0]) : null;
  }

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={listRef}
      className={styles.grid}
      style={{ height: virtualizer.getTotalSize() }}
      role="region"
      aria-label={label}
      aria-describedby="fleet-grid-keys"
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <p id="fleet-grid-keys" className="visually-hidden">
        Each server is a link to its page. Arrow keys move between servers; Home and End go to the first and last.
      </p>
      {items.map((item) => {
        const row = rows[item.index];
        if (!row) return null;
        return (
          <div
            key={item.key}
            className={styles.row}
            style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)`, height: item.size }}
          >
            {row.kind === "group" ? (
              <GroupHeading group={row.group} />
            ) : (
              <div className={styles.tiles} style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
                {row.ids.map((id, c) => (
                  <HostTile key={id} store={store} id={id} pos={`${item.index}:${c}`} />
                ))}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
