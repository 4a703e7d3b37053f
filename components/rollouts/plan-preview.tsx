"use client";

import { useId } from "react";
import { QueryError } from "@/components/ui/messages";
import { Time } from "@/components/ui/time";
import { BatchChart } from "./batch-chart";
import { ImpactBadge } from "./labels";
import type { TPlannedBatch, TPlannedHost, TRolloutPlan } from "./types";
import styles from "./rollouts.module.css";

function HostLine({ h }: { h: TPlannedHost }) {
  const updates = h.pendingUpdates === null ? "updates unknown" : `${h.pendingUpdates} ${h.pendingUpdates === 1 ? "update" : "updates"}${h.securityUpdates ? `, ${h.securityUpdates} security` : ""}`;
  return (
    <li className={styles.planHost}>
      <span className={styles.planHostName}>
        <strong className="clip" title={h.name}>
          {h.name}
        </strong>
        {h.siteName ? <span className="muted"> {h.siteName}</span> : null}
      </span>
      <span className="muted">{updates}</span>
      {h.rebootRequired ? <span className="badge badge-warning">Reboot</span> : null}
      {h.switchover ? (
        <span className={`badge badge-accent ${styles.switchover}`} title={`${h.name} is the primary of ${h.switchover.groupName}`}>
          Switch over to {h.switchover.toName} first
        </span>
      ) : null}
    </li>
  );
}

function BatchCard({ b }: { b: TPlannedBatch }) {
  const titleId = useId();
  return (
    <li className={styles.planBatch} data-after-cutoff={b.afterCutoff || undefined} aria-labelledby={titleId} data-testid="plan-batch">
      <div className={styles.batchHead}>
        <h5 id={titleId}>
          Batch {b.index + 1} <span className="muted">· {b.hosts.length} {b.hosts.length === 1 ? "host" : "hosts"}</span>
        </h5>
        {b.estimatedStartAt ? (
          <span className="muted">
            ≈ <Time iso={b.estimatedStartAt} precision="minutes" />
          </span>
        ) : null}
        {b.afterCutoff ? <span className="badge badge-warning">After the cutoff: will not run in this window</span> : null}
      </div>
      <ul className={styles.planHosts} aria-label={`Hosts of batch ${b.index + 1}`}>
        {b.hosts.map((h) => (
          <HostLine key={h.serverId} h={h} />
        ))}
      </ul>
      {b.groups.length ? (
        <table className={styles.impactTable} aria-label={`Redundancy during batch ${b.index + 1}`}>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Serving</th>
              <th scope="col">
                <span className="visually-hidden">State</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {b.groups.map((g) => (
              <tr key={g.groupId} data-testid="plan-group">
                <th scope="row" className="clip" title={g.name}>
                  {g.name}
                </th>
                <td className="nowrap" title={`${g.servingBefore} serving before, ${g.servingDuring} during, of ${g.members}; minimum ${g.minHealthy}`}>
                  {g.servingDuring}/{g.members} <span className="muted">min {g.minHealthy}</span>
                </td>
                <td>
                  <ImpactBadge during={g.during} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">In no redundancy group.</p>
      )}
    </li>
  );
}

/** What the planner would do with the draft: batches, each group's redundancy during each, and who it leaves out. */
export function PlanPreview({ query, waiting }: { query: { data: TRolloutPlan | undefined; isFetching: boolean; isError: boolean; error: unknown }; waiting: string | null }) {
  const plan = waiting ? undefined : query.data;
  return (
    <section className={styles.preview} aria-labelledby="plan-title" aria-busy={query.isFetching} data-testid="plan-preview">
      <h3 id="plan-title">
        Plan {query.isFetching && !waiting ? <span className="muted">(updating…)</span> : null}
      </h3>
      {waiting ? <p className="muted">{waiting}</p> : <QueryError result={query} />}
      {plan ? (
        <>
          <p className={styles.planSummary}>
            {plan.scheduled} of {plan.targeted} {plan.targeted === 1 ? "server" : "servers"} in {plan.batches.length} {plan.batches.length === 1 ? "batch" : "batches"}
            <span className="muted"> · planned in {plan.planMs < 10 ? plan.planMs.toFixed(1) : Math.round(plan.planMs)} ms</span>
          </p>
          {plan.window ? (
            <p className={styles.planWindow}>
              In <strong>{plan.window.title}</strong>: no new batch after <Time iso={plan.window.cutoffAt} precision="minutes" /> (it ends{" "}
              <Time iso={plan.window.endsAt} precision="minutes" />
              ).
            </p>
          ) : null}
          {plan.warnings.length ? (
            <ul className={`notice notice-warning ${styles.plainList}`} aria-label="Warnings">
              {plan.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
          <BatchChart batches={plan.batches} />
          {plan.batches.length ? (
            <ol className={styles.planBatches} aria-label="Batches">
              {plan.batches.map((b) => (
                <BatchCard key={b.index} b={b} />
              ))}
            </ol>
          ) : (
            <p className="muted">No host can be scheduled.</p>
          )}
          {plan.unschedulable.length ? (
            <>
              <h4>Not scheduled ({plan.unschedulable.length})</h4>
              <ul className={styles.plainList} aria-label="Not scheduled">
                {plan.unschedulable.map((u) => (
                  <li key={u.serverId}>
                    <strong>{u.name}</strong>: <span className="muted">{u.reason}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
