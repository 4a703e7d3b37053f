"use client";

import Link from "next/link";
import { ApiError } from "@/components/api/fetch-json";
import { LiveIndicator } from "@/components/realtime/live-indicator";
import { QueryError } from "@/components/ui/messages";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { actionLabel, formatMs, groupNameOf, isLive, isStepDone, kindLabel, OperationStateBadge, recoveryOf, type TRecovery } from "./labels";
import { LiveDuration } from "./live-duration";
import { useLiveOperation } from "./live-operation";
import { useOperationGroup } from "./queries";
import { OperationControls } from "./operation-controls";
import { OperationFacts } from "./operation-facts";
import { StepTimeline } from "./step-timeline";
import type { TOperation } from "./types";
import styles from "./operations.module.css";

function Progress({ op, serverName }: { op: TOperation; serverName: (id: string) => string | undefined }) {
  const total = op.steps.length;
  const done = op.steps.filter((s) => isStepDone(s.state)).length;
  const current = op.steps.find((s) => s.state === "RUNNING") ?? (isLive(op.state) ? op.steps.find((s) => s.index === op.currentStep) : undefined);
  const target = current?.serverId ? serverName(current.serverId) : undefined;
  const now = current ? `Step ${current.index + 1}: ${actionLabel(current.action)}${target ? ` on ${target}` : ""}` : null;
  const pct = total ? Math.round((done / total) * 100) : 0;
  const text = `${done} of ${total} steps done`;
  return (
    <div className={styles.progress} data-state={op.state}>
      <div className={styles.progressText}>
        <span id="op-progress-label">{text}</span>
        {now ? <span className="muted">{op.state === "PAUSED" ? `Paused at ${now}` : `Now: ${now}`}</span> : null}
      </div>
      <div
        className={styles.progressTrack}
        role="progressbar"
        aria-labelledby="op-progress-label"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={now ? `${text}; ${now}` : text}
      >
        <div className={styles.progressFill} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

function Recovery({ r }: { r: TRecovery }) {
  const rows: [string, number | undefined, string][] = [
    ["RTO", r.rtoMs, "From the primary's last good answer to the new primary verified serving"],
    ["RPO", r.rpoMs, "Replication lag at promotion"],
    ["Detection", r.detectionMs, ""],
    ["Decision", r.decisionMs, ""],
    ["Cutover", r.cutoverMs, ""],
  ];
  const shown = rows.filter(([, v]) => v !== undefined);
  if (shown.length === 0) return null;
  return (
    <Panel titleId="op-recovery" title="Recovery objectives">
      <dl className={styles.figures}>
        {shown.map(([label, v, hint]) => (
          <div key={label} title={hint || undefined}>
            <dt>{label}</dt>
            <dd>{formatMs(v as number)}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}

/** One operation: who and why, a progress bar, the live timeline of steps, and (for operators) abort and resume. */
export function OperationView({ id, initial, canOperate }: { id: string; initial?: TOperation; canOperate: boolean }) {
  const { query, room } = useLiveOperation(id, initial);
  const op = query.data;
  const groupData = useOperationGroup(op?.groupId ?? null).data;
  const serverName = (serverId: string) => groupData?.members.find((m) => m.serverId === serverId)?.name;

  if (!op) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <div className="page page-wide">
        <PageHeader title={missing ? "Operation not found" : "Operation"} parent={{ href: "/operations", label: "Operations" }} />
        {missing ? null : query.isError ? <QueryError result={query} /> : <p className="muted">Loading operation…</p>}
      </div>
    );
  }

  const groupName = groupNameOf(op) ?? groupData?.name;
  const title = groupName ? `${kindLabel(op.kind)} of ${groupName}` : kindLabel(op.kind);
  return (
    <div className="page page-wide">
      <PageHeader title={title} parent={{ href: "/operations", label: "Operations" }} actions={<LiveIndicator connection={room.connection} room={room.room} />} />
      <div className="stack">
        <QueryError result={query} />
        <section className={`panel ${styles.summary}`} aria-label="Summary">
          <div className={styles.summaryHead}>
            <OperationStateBadge state={op.state} />
            {op.outcome ? <span className={styles.outcome}>{op.outcome}</span> : null}
          </div>
          <Progress op={op} serverName={serverName} />
          <dl className={styles.facts}>
            <OperationFacts groupId={op.groupId} groupName={groupName} initiator={op.initiator} reason={op.reason} ticketRef={op.ticketRef} />
            {op.parentId ? (
              <div>
                <dt>Part of</dt>
                <dd>
                  <Link href={`/operations/${op.parentId}`}>A site operation</Link>
                </dd>
              </div>
            ) : null}
            <div>
              <dt>Requested</dt>
              <dd>
                <Time iso={op.createdAt} />
              </dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>
                <Time iso={op.startedAt} fallback="Not yet" />
              </dd>
            </div>
            <div>
              <dt>Ended</dt>
              <dd>
                <Time iso={op.endedAt} fallback={isLive(op.state) ? "Still running" : "—"} />
              </dd>
            </div>
            <div>
              <dt>Duration</dt>
              <dd>
                <LiveDuration start={op.startedAt} end={op.endedAt} />
              </dd>
            </div>
          </dl>
        </section>
        {canOperate && isLive(op.state) ? (
          <Panel titleId="op-controls" title="Control">
            <OperationControls op={op} />
          </Panel>
        ) : null}
        <Recovery r={recoveryOf(op)} />
        <Panel titleId="op-steps" title="Steps">
          <StepTimeline steps={op.steps} serverName={serverName} />
        </Panel>
      </div>
    </div>
  );
}
