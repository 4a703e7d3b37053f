"use client";

import { useId, useState } from "react";
import styles from "./sites.module.css";

export type TPickItem = { id: string; name: string; hint?: string };

/** Adds or removes one id, returning a new set (state setters want a new value). */
export function toggled(set: ReadonlySet<string>, id: string, on: boolean): Set<string> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

/**
 * A fieldset of checkboxes, folded unless open; with more than a handful of
 * items, a filter narrows what is listed (what is chosen stays chosen).
 */
export function CheckboxPicker({
  legend,
  items,
  chosen,
  onChange,
  open = false,
}: {
  legend: string;
  items: readonly TPickItem[];
  chosen: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  open?: boolean;
}) {
  const filterId = useId();
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLowerCase();
  const shown = needle ? items.filter((i) => i.name.toLowerCase().includes(needle) || chosen.has(i.id)) : items;
  const count = items.filter((i) => chosen.has(i.id)).length;
  const list = (
    <fieldset className={styles.picker}>
      <legend>
        {legend}
        {count ? <span className="muted"> ({count} chosen)</span> : null}
      </legend>
      {items.length > 8 ? (
        <div className={styles.pickerFilter}>
          <label htmlFor={filterId} className="visually-hidden">
            Filter {legend.toLowerCase()}
          </label>
          <input id={filterId} className="input" type="search" placeholder="Filter…" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
        </div>
      ) : null}
      {items.length === 0 ? <p className="muted">None.</p> : null}
      <ul className={styles.pickerList}>
        {shown.map((i) => (
          <li key={i.id}>
            <label className={styles.check}>
              <input type="checkbox" checked={chosen.has(i.id)} onChange={(e) => onChange(toggled(chosen, i.id, e.target.checked))} />
              {i.name}
              {i.hint ? <span className="muted"> {i.hint}</span> : null}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
  if (open) return list;
  return (
    <details className={styles.pickerFold}>
      <summary>
        {legend}
        {count ? ` (${count} chosen)` : ""}
      </summary>
      {list}
    </details>
  );
}
