"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { LiveIndicator } from "@/components/realtime/live-indicator";
import { isLive, isStepDone, OperationStateBadge } from "@/components/operations/labels";
import { useLiveOperation } from "@/components/operations/live-operation";
import { OperationControls } from "@/components/operations/operation-controls";
import { useOperationGroup } from "@/components/operations/queries";
import { StepTimeline } from "@/components/operations/step-timeline";
import type { TOperation } from "@/components/operations/types";
import { QueryError } from "@/components/ui/messages";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { drillTitle } from "./drill-format";
import { DrillFacts, DrillReportView } from "./drill-report";
import { HaltControl } from "./halt-control";
import { DRILLS_KEY, useDrillReport } from "./queries";
import type { TDrillReport } from "./types";
import opStyles from "@/components/operations/operations.module.css";

function Progress({ op }: { op: TOperation }) {
  const total = op.steps.length;
  const done = op.steps.filter((s) => isStepDone(s.state)).length;
  const text = `${done} of ${total} steps done`;
  return (
    <div className={opStyles.progress} data-state={op.state}>
      <div className={opStyles.progressText}>
        <span id="drill-progress-label">{text}</span>
      </div>
      <div className={opStyles.progressTrack} role="progressbar" aria-labelledby="drill-progress-label" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        <div className={opStyles.progressFill} style={{ width: `${total ? Math.round((done / total) * 100) : 0}%` }} />
      </div>
    </div>
  );
}

/**
 * A drill's page: while it runs, the operation's live stream (steps, progress)
 * with Halt; once it ends, its report.
 */
export function DrillView({ initial, canOperate }: { initial: TDrillReport; canOperate: boolean }) {
  const id = initial.operationId;
  const queryClient = useQueryClient();
  const { query, room } = useLiveOperation(id, initial.operation);
  const op = query.data ?? initial.operation;
  const running = isLive(op.state);
  const report = useDrillReport(id, !running, initial);
  const members = useOperationGroup(op.groupId).data?.members;
  const serverName = (serverId: string) => members?.find((m) => m.serverId === serverId)?.name;

  // The stream says it ended: the report (verdict, restored) is fetched as it
  // becomes enabled; the group's history is stale now too.
  useEffect(() => {
    if (!running) void queryClient.invalidateQueries({ queryKey: [...DRILLS_KEY, "group"] });
  }, [running, queryClient]);

  const r = report.data ?? initial;
  // The report replaces the live view once it has the verdict (it is fetched when the stream says the drill ended).
  const ended = r.passed !== null;
  const title = `${drillTitle(r.mode)} of ${r.groupName ?? "a group"}`;
  const parent = r.groupId ? { href: `/groups/${r.groupId}`, label: r.groupName ?? "Group" } : { href: "/operations", label: "Operations" };
  return (
    <div className="page page-wide">
      <PageHeader title={title} parent={parent} actions={running ? <LiveIndicator connection={room.connection} room={room.room} /> : null} />
      <div className="stack">
        <QueryError result={query} />
        <QueryError result={report} />
        {ended ? (
          <DrillReportView report={r} serverName={serverName} />
        ) : (
          <>
            <section className={`panel ${opStyles.summary}`} aria-label="Summary">
              <div className={opStyles.summaryHead}>
                <OperationStateBadge state={op.state} />
                {op.outcome ? <span className={opStyles.outcome}>{op.outcome}</span> : null}
                {canOperate && running && op.state !== "PAUSED" ? <HaltControl operationId={id} /> : null}
              </div>
              <Progress op={op} />
              <DrillFacts report={{ ...r, operation: op }} />
            </section>
            {canOperate && op.state === "PAUSED" ? (
              <Panel titleId="drill-controls" title="Control">
                <OperationControls op={op} />
              </Panel>
            ) : null}
            <Panel titleId="drill-live-steps" title="Steps">
              <StepTimeline steps={op.steps} serverName={serverName} />
            </Panel>
          </>
        )}
      </div>
    </div>
  );
}
