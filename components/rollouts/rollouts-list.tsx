"use client";

import { useState } from "react";
import { OperationStateBadge, OperationStateOptions } from "@/components/operations/labels";
import { formatAge, useClock } from "@/components/realtime/clock";
import { ClippedText } from "@/components/ui/clipped-text";
import { DataTable, TableState } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/field";
import { QueryError } from "@/components/ui/messages";
import { Time } from "@/components/ui/time";
import { summaryProgress } from "./progress";
import { ProgressBar } from "./progress-bar";
import { useRollouts } from "./queries";
import type { TRolloutSummary } from "./types";
import styles from "./rollouts.module.css";

const COLUMNS = ["Rollout", "State", "Started by", "Hosts", "Progress", "Started", "Ended"];

/** A time with how long ago it was, e.g. "Mar 3, 10:14 · 5 min ago". */
function When({ iso, fallback }: { iso: string | null; fallback: string }) {
  const age = useClock((now) => (iso ? formatAge(Date.parse(iso), now) : ""), "");
  if (!iso) return <span className="muted">{fallback}</span>;
  return (
    <>
      <Time iso={iso} precision="minutes" />
      {age ? <span className="muted"> · {age}</span> : null}
    </>
  );
}

function Row({ r }: { r: TRolloutSummary }) {
  const p = summaryProgress(r);
  return (
    <tr data-testid="rollout-row">
      {/* Named by its reason: ids of rollouts started close together look alike. */}
      <th scope="row" className="clip-fill">
        <ClippedText text={r.reason || "Rollout"} href={`/rollouts/${r.id}`} />
        {r.ticketRef ? <span className="muted"> {r.ticketRef}</span> : null}
        {r.scheduleId ? <span className="badge">Scheduled</span> : null}
      </th>
      <td>
        <OperationStateBadge state={r.state} />
      </td>
      <td className="clip-cell">
        <ClippedText text={r.initiator} />
      </td>
      <td className={`nowrap ${styles.counts}`} title={`${r.succeeded} patched, ${r.failed} failed, ${r.skipped} skipped of ${r.hosts}`}>
        <span className="visually-hidden">
          {r.succeeded} patched, {r.failed} failed, {r.skipped} skipped of {r.hosts}
        </span>
        <span aria-hidden="true">
          {r.succeeded} / <span className={r.failed ? "text-danger" : undefined}>{r.failed}</span> / {r.skipped}
          <span className="muted"> of {r.hosts}</span>
        </span>
      </td>
      <td className={styles.listProgress}>
        <ProgressBar progress={p} state={r.state} label={`Progress of ${r.reason}`} compact />
      </td>
      <td className="nowrap">
        <When iso={r.startedAt ?? r.createdAt} fallback="—" />
      </td>
      <td className="nowrap">
        <When iso={r.endedAt} fallback={r.state === "RUNNING" || r.state === "PAUSED" || r.state === "PLANNED" ? "Running" : "—"} />
      </td>
    </tr>
  );
}

/** Every patch rollout, newest first, refreshed every 5 s. */
export function RolloutsList() {
  const [state, setState] = useState("");
  const query = useRollouts(state || undefined);
  const rows = query.data?.rollouts ?? [];
  return (
    <div className="stack">
      <div className="filters">
        <SelectField label="State" value={state} onChange={(e) => setState(e.target.value)}>
          <OperationStateOptions />
        </SelectField>
      </div>
      <QueryError result={query} />
      <DataTable caption="Rollouts, newest first" captionHidden busy={query.isFetching} columns={COLUMNS}>
        {rows.map((r) => (
          <Row key={r.id} r={r} />
        ))}
      </DataTable>
      <TableState query={query} empty={rows.length === 0}>
        {state ? "No rollouts in this state." : "No rollouts yet."}
      </TableState>
    </div>
  );
}
