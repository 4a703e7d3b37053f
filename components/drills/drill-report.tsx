"use client";

import Link from "next/link";
import { formatMs } from "@/components/operations/labels";
import { StepTimeline } from "@/components/operations/step-timeline";
import { OperationFacts } from "@/components/operations/operation-facts";
import { StepStateBadge } from "@/components/operations/labels";
import { LiveDuration } from "@/components/operations/live-duration";
import { DataTable } from "@/components/ui/data-table";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import type { TStepState } from "@/components/operations/types";
import { VerdictBadge } from "./verdict-badge";
import type { TDrillReport } from "./types";
import styles from "./drills.module.css";
import opStyles from "@/components/operations/operations.module.css";

/** Who ran the drill, why, on which servers, with what options; shared by the live view and the report. */
export function DrillFacts({ report }: { report: TDrillReport }) {
  const op = report.operation;
  const live = report.mode === "live";
  return (
    <dl className={opStyles.facts}>
      <OperationFacts groupId={report.groupId} groupName={report.groupName} initiator={report.initiator} reason={report.reason} ticketRef={op.ticketRef} />
      <div>
        <dt>Original primary</dt>
        <dd>{report.originalPrimary.name}</dd>
      </div>
      <div>
        <dt>Standby</dt>
        <dd>{report.standby?.name ?? <span className="muted">None qualified</span>}</dd>
      </div>
      {live ? (
        <>
          <div>
            <dt>Hold</dt>
            <dd>{report.holdSeconds} s</dd>
          </div>
          <div>
            <dt>Stops on</dt>
            <dd>{report.stopOnSeverity === "WARNING" ? "Warning or critical alerts" : "Critical alerts"}</dd>
          </div>
        </>
      ) : null}
      <div>
        <dt>Started</dt>
        <dd>
          <Time iso={op.startedAt ?? op.createdAt} />
        </dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>
          <LiveDuration start={op.startedAt} end={op.endedAt} />
        </dd>
      </div>
    </dl>
  );
}

function StepDurations({ report }: { report: TDrillReport }) {
  const longest = Math.max(1, ...report.steps.map((s) => s.durationMs ?? 0));
  return (
    <DataTable label="Step durations" columns={["Step", "State", "Duration", ""]}>
      {report.steps.map((s) => (
        <tr key={s.index}>
          <td className="wrap">
            <span className="muted">{s.index + 1}.</span> {s.description}
            {s.output ? (
              <details className={styles.output}>
                <summary>Output</summary>
                <pre tabIndex={0} aria-label={`Output of step ${s.index + 1}`}>
                  {s.output}
                </pre>
              </details>
            ) : null}
          </td>
          <td>
            <StepStateBadge state={s.state as TStepState} />
          </td>
          <td>{s.durationMs === null ? <span className="muted">—</span> : formatMs(s.durationMs)}</td>
          <td className={styles.barCell} aria-hidden="true">
            {s.durationMs !== null ? <span className={styles.bar} style={{ width: `${(s.durationMs / longest) * 100}%` }} /> : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** An ended drill: verdict and why, RTO and RPO, whether the primary was restored, each step's duration, the timeline. */
export function DrillReportView({ report, serverName }: { report: TDrillReport; serverName: (id: string) => string | undefined }) {
  const live = report.mode === "live";
  return (
    <>
      <section className={`panel ${opStyles.summary}`} aria-label="Summary">
        <div className={opStyles.summaryHead}>
          <VerdictBadge drill={report} />
          <span className={styles.verdict} data-testid="drill-verdict">
            {report.verdict}
          </span>
        </div>
        <DrillFacts report={report} />
      </section>
      <Panel titleId="drill-figures" title="Results">
        <dl className={opStyles.figures}>
          <div title="From the switchover's start to the standby verified serving">
            <dt>RTO</dt>
            <dd data-testid="drill-rto">{report.rtoMs === null ? "—" : formatMs(report.rtoMs)}</dd>
          </div>
          <div title="Replication lag of the standby at promotion">
            <dt>RPO</dt>
            <dd data-testid="drill-rpo">{report.rpoMs === null ? "—" : formatMs(report.rpoMs)}</dd>
          </div>
          {live ? (
            <div title={`Whether ${report.originalPrimary.name} is primary again`}>
              <dt>Original primary restored</dt>
              <dd data-testid="drill-restored">{report.restored === null ? "—" : report.restored ? "Yes" : "No"}</dd>
            </div>
          ) : null}
        </dl>
      </Panel>
      <Panel titleId="drill-steps" title="Step durations">
        <StepDurations report={report} />
      </Panel>
      <Panel titleId="drill-timeline" title="Timeline">
        <StepTimeline steps={report.operation.steps} serverName={serverName} />
        <p>
          <Link href={`/operations/${report.operationId}`}>Open as an operation</Link>
        </p>
      </Panel>
    </>
  );
}
