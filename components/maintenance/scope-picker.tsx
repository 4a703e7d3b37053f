"use client";

import { useId, useState } from "react";
import { useGroups } from "@/components/groups/queries";
import { useServers, useSites } from "@/components/inventory/queries";
import type { TWindowScope } from "./types";
import styles from "./maintenance.module.css";

type Option = { value: string; label: string; hint?: string };

function toggle(list: string[], value: string, on: boolean): string[] {
  return on ? [...new Set([...list, value])] : list.filter((v) => v !== value);
}

function CheckList({ legend, options, value, onChange, filter }: { legend: string; options: Option[]; value: string[]; onChange: (v: string[]) => void; filter?: boolean }) {
  const [q, setQ] = useState("");
  const filterId = useId();
  const shown = q ? options.filter((o) => o.label.toLowerCase().includes(q.toLowerCase())) : options;
  return (
    <fieldset className={styles.checks}>
      <legend>
        {legend} {value.length ? <span className="badge">{value.length} picked</span> : null}
      </legend>
      {filter && options.length > 8 ? (
        <>
          <label htmlFor={filterId} className="visually-hidden">
            Filter {legend.toLowerCase()}
          </label>
          <input id={filterId} type="search" className="input" placeholder={`Filter ${legend.toLowerCase()}`} value={q} onChange={(e) => setQ(e.target.value)} />
        </>
      ) : null}
      <div className={styles.checkScroll}>
        {shown.map((o) => (
          <label key={o.value}>
            <input type="checkbox" value={o.value} checked={value.includes(o.value)} onChange={(e) => onChange(toggle(value, o.value, e.target.checked))} /> {o.label}
            {o.hint ? <span className="muted"> {o.hint}</span> : null}
          </label>
        ))}
        {options.length === 0 ? <span className="muted">None yet.</span> : null}
      </div>
    </fieldset>
  );
}

/** Which servers a window (or a rollout) covers: servers named, and every server of the groups, sites and tags picked. */
export function ScopePicker({ value, onChange, error, title = "Scope" }: { value: TWindowScope; onChange: (v: TWindowScope) => void; error?: string; title?: string }) {
  const servers = useServers({});
  const groups = useGroups();
  const sites = useSites();
  const tagsId = useId();
  const [tagText, setTagText] = useState(value.tags.join(", "));
  const allTags = [...new Set(servers.data?.servers.flatMap((s) => s.tags) ?? [])].sort();
  return (
    <div className={styles.scope} role="group" aria-labelledby={`${tagsId}-title`} aria-describedby={error ? `${tagsId}-error` : undefined}>
      <h3 id={`${tagsId}-title`}>{title}</h3>
      {error ? (
        <p id={`${tagsId}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      <div className={styles.scopeGrid}>
        <CheckList
          legend="Servers"
          filter
          options={(servers.data?.servers ?? []).map((s) => ({ value: s.id, label: s.name, hint: s.site?.name }))}
          value={value.serverIds}
          onChange={(serverIds) => onChange({ ...value, serverIds })}
        />
        <CheckList legend="Groups" options={(groups.data?.groups ?? []).map((g) => ({ value: g.id, label: g.name }))} value={value.groupIds} onChange={(groupIds) => onChange({ ...value, groupIds })} />
        <CheckList legend="Sites" options={(sites.data?.sites ?? []).map((s) => ({ value: s.id, label: s.name }))} value={value.siteIds} onChange={(siteIds) => onChange({ ...value, siteIds })} />
        <div className="field">
          <label htmlFor={tagsId}>
            Tags<span className="optional"> (optional)</span>
          </label>
          <input
            id={tagsId}
            className="input"
            list={`${tagsId}-known`}
            autoComplete="off"
            value={tagText}
            aria-describedby={`${tagsId}-hint`}
            onChange={(e) => {
              setTagText(e.target.value);
              onChange({ ...value, tags: [...new Set(e.target.value.split(",").map((t) => t.trim()).filter(Boolean))] });
            }}
          />
          <datalist id={`${tagsId}-known`}>
            {allTags.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <p id={`${tagsId}-hint`} className="hint">
            Comma-separated; servers carrying any of them.
          </p>
        </div>
      </div>
    </div>
  );
}
