"use client";

import { useGroups } from "@/components/groups/queries";
import { useSites } from "@/components/inventory/queries";
import { TextField } from "@/components/ui/field";
import { sourceLabel } from "./labels";
import { ALERT_SOURCES, type TChannelScope, type TScope } from "./types";
import styles from "./alerts.module.css";

function Checks({ legend, name, options, checked }: { legend: string; name: string; options: { value: string; label: string }[]; checked: readonly string[] | undefined }) {
  if (options.length === 0) return null;
  return (
    <fieldset className={styles.checks}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input type="checkbox" name={name} value={o.value} defaultChecked={checked?.includes(o.value)} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Which sites, groups and tags a rule (or a channel) covers; none ticked means
 * all. `sources` adds the channel's source filter.
 */
export function ScopeFields({ scope, sources }: { scope: TChannelScope | undefined; sources?: boolean }) {
  const sites = useSites();
  const groups = useGroups();
  return (
    <>
      <Checks legend="Sites (none ticked: all)" name="siteIds" options={sites.data?.sites.map((s) => ({ value: s.id, label: s.name })) ?? []} checked={scope?.siteIds} />
      <Checks legend="Groups (none ticked: all)" name="groupIds" options={groups.data?.groups.map((g) => ({ value: g.id, label: g.name })) ?? []} checked={scope?.groupIds} />
      <TextField label="Tags" name="tags" optional hint="Comma-separated; servers carrying any of them." defaultValue={scope?.tags?.join(", ") ?? ""} autoComplete="off" />
      {sources ? <Checks legend="Sources (none ticked: all)" name="sources" options={ALERT_SOURCES.map((s) => ({ value: s, label: sourceLabel(s) }))} checked={scope?.sources} /> : null}
    </>
  );
}

/** The scope the form says; ids the form cannot show (servers picked through the API) are kept. */
export function readScope(form: FormData, previous: TScope | undefined): TScope {
  const ids = (name: string) => form.getAll(name).map(String);
  const tags = String(form.get("tags") ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const scope: TScope = {};
  if (ids("siteIds").length) scope.siteIds = ids("siteIds");
  if (ids("groupIds").length) scope.groupIds = ids("groupIds");
  if (tags.length) scope.tags = tags;
  if (previous?.serverIds?.length) scope.serverIds = previous.serverIds;
  return scope;
}

/** "All", or "Sites: fra1 · Groups: pg-fra1 · Tags: edge · 3 servers". */
export function scopeSummary(scope: TChannelScope, names: { sites: Map<string, string>; groups: Map<string, string> }): string {
  const parts: string[] = [];
  if (scope.siteIds?.length) parts.push(`Sites: ${scope.siteIds.map((id) => names.sites.get(id) ?? "?").join(", ")}`);
  if (scope.groupIds?.length) parts.push(`Groups: ${scope.groupIds.map((id) => names.groups.get(id) ?? "?").join(", ")}`);
  if (scope.tags?.length) parts.push(`Tags: ${scope.tags.join(", ")}`);
  if (scope.serverIds?.length) parts.push(`${scope.serverIds.length} ${scope.serverIds.length === 1 ? "server" : "servers"}`);
  if (scope.sources?.length) parts.push(`Sources: ${scope.sources.map(sourceLabel).join(", ")}`);
  return parts.length ? parts.join(" · ") : "All";
}

/** Site and group names for scope summaries. */
export function useScopeNames() {
  const sites = useSites();
  const groups = useGroups();
  return { sites: new Map(sites.data?.sites.map((s) => [s.id, s.name])), groups: new Map(groups.data?.groups.map((g) => [g.id, g.name])) };
}
