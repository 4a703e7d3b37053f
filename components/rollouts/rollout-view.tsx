"use client";

import type { ReactNode } from "react";
import { ApiError } from "@/components/api/fetch-json";
import { OperationStateBadge } from "@/components/operations/labels";
import { LiveDuration } from "@/components/operations/live-duration";
import { LiveIndicator } from "@/components/realtime/live-indicator";
import { QueryError } from "@/components/ui/messages";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { REBOOT_LABEL } from "./labels";
import { useLiveRollout } from "./live-rollout";
import { batchesOf, isRolloutLive, progressOf } from "./progress";
import { ProgressBar } from "./progress-bar";
import { formatRamp } from "./ramp";
import { BatchSection } from "./rollout-hosts";
import { RolloutControls } from "./rollout-controls";
import type { TRollout } from "./types";
import ops from "@/components/operations/operations.module.css";
import styles from "./rollouts.module.css";

const COMMAND_LABEL = { all: "All updates", security: "Security updates only", custom: "Custom script" } as const;

function Facts({ r }: { r: TRollout }) {
  const s = r.settings;
  const rows: [string, ReactNode][] = [
    ["Reason", r.reason],
    ["Ticket", r.ticketRef ?? <span className="muted">—</span>],
    ["Started by", r.initiator],
    ["Requested", <Time key="c" iso={r.createdAt} />],
    ["Started", <Time key="s" iso={r.startedAt} fallback="Not yet" />],
    ["Ended", <Time key="e" iso={r.endedAt} fallback={isRolloutLive(r.state) ? "Still running" : "—"} />],
    ["Duration", <LiveDuration key="d" start={r.startedAt} end={r.endedAt} />],
    ["Batches", `${r.batches} (${formatRamp(s.batches)})`],
    ["Command", COMMAND_LABEL[s.command.kind]],
    ["Reboot", REBOOT_LABEL[s.rebootPolicy]],
    ["Failure budget", `${s.failureBudget.perBatch} per batch, ${s.failureBudget.overall} overall`],
  ];
  return (
    <dl className={ops.facts}>
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd className={styles.fact}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One rollout: who, why and how it stands; its batches and hosts streamed live; pause, resume and abort for operators. */
export function RolloutView({ id, canOperate }: { id: string; canOperate: boolean }) {
  const { query, room } = useLiveRollout(id);
  const r = query.data;

  if (!r) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <div className="page page-wide">
        <PageHeader title={missing ? "Rollout not found" : "Rollout"} parent={{ href: "/rollouts", label: "Rollouts" }} description={missing ? "Check the link, or find it in the list." : undefined} />
        {missing ? null : query.isError ? <QueryError result={query} /> : <p className="muted">Loading rollout…</p>}
      </div>
    );
  }

  const batches = batchesOf(r);
  const progress = progressOf(r.hostList);
  const overall = r.hostList.length ? progress : { ...progress, total: r.hosts, done: r.succeeded + r.failed + r.skipped };
  return (
    <div className={`page page-wide ${styles.view}`}>
      <PageHeader title="Patch rollout" parent={{ href: "/rollouts", label: "Rollouts" }} actions={<LiveIndicator connection={room.connection} room={room.room} />} />
      <div className="stack">
        <QueryError result={query} />
        <section className={`panel ${ops.summary}`} aria-label="Summary">
          <div className={ops.summaryHead}>
            <OperationStateBadge state={r.state} />
            {r.outcome ? <span className={`${ops.outcome} ${styles.fact}`}>{r.outcome}</span> : null}
          </div>
          <ProgressBar progress={overall} state={r.state} />
          <Facts r={r} />
        </section>
        {canOperate && isRolloutLive(r.state) ? (
          <Panel titleId="rollout-controls" title="Control">
            <RolloutControls rollout={r} />
          </Panel>
        ) : null}
        <Panel titleId="rollout-batches" title="Batches">
          {batches.length ? (
            <div className={styles.batches}>
              {batches.map((b) => (
                <BatchSection key={b.batch.index} view={b} current={r.currentBatch === b.batch.index} />
              ))}
            </div>
          ) : (
            <p className="muted">No batches.</p>
          )}
        </Panel>
        {r.unschedulable.length ? (
          <Panel titleId="rollout-unschedulable" title={`Not scheduled (${r.unschedulable.length})`}>
            <ul className={styles.plainList}>
              {r.unschedulable.map((u) => (
                <li key={u.serverId}>
                  <strong>{u.name}</strong>: <span className="muted">{u.reason}</span>
                </li>
              ))}
            </ul>
          </Panel>
        ) : null}
      </div>
    </div>
  );
}
