"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, type ReactNode } from "react";
import { useServers } from "@/components/inventory/queries";
import { actionLabel, formatMs, isLive, kindLabel, OperationStateBadge } from "@/components/operations/labels";
import { LiveDuration } from "@/components/operations/live-duration";
import { useLiveOperation } from "@/components/operations/live-operation";
import { OperationFacts } from "@/components/operations/operation-facts";
import { StepTimeline } from "@/components/operations/step-timeline";
import type { TOperation, TOperationState } from "@/components/operations/types";
import { LiveIndicator } from "@/components/realtime/live-indicator";
import { DataTable } from "@/components/ui/data-table";
import { QueryError } from "@/components/ui/messages";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { GroupRtoChart } from "./group-rto-chart";
import { DR_KEY, useSiteReport } from "./queries";
import { GroupStateBadge, PHASE_LABEL, SITE_ACTION, siteOperationTitle, StageTitle } from "./site-labels";
import { SiteOperationControls } from "./site-operation-controls";
import type { TSiteKind, TSiteOperationReport } from "./types";
import ops from "@/components/operations/operations.module.css";
import styles from "./sites.module.css";

type TReport = TSiteOperationReport;
type TPhase = TReport["phases"][number];
type TGroupRow = TReport["groups"][number];

const ENDED: ReadonlySet<TGroupRow["state"]> = new Set(["SUCCEEDED", "FAILED", "SKIPPED"]);

function GroupsProgress({ groups, state, now }: { groups: readonly TGroupRow[]; state: string; now: string | null }) {
  const id = useId();
  const done = groups.filter((g) => ENDED.has(g.state)).length;
  const failed = groups.filter((g) => g.state === "FAILED").length;
  const running = groups.filter((g) => g.state === "RUNNING").map((g) => g.name);
  const pct = groups.length ? Math.round((done / groups.length) * 100) : 0;
  const text = `${done} of ${groups.length} groups done${failed ? `, ${failed} failed` : ""}`;
  return (
    <div className={ops.progress} data-state={state}>
      <div className={ops.progressText}>
        <span id={id}>{text}</span>
        {running.length ? <span className="muted">Moving: {running.join(", ")}</span> : now ? <span className="muted">Now: {now}</span> : null}
      </div>
      <div className={ops.progressTrack} role="progressbar" aria-labelledby={id} aria-valuemin={0} aria-valuemax={groups.length} aria-valuenow={done} aria-valuetext={text}>
        <div className={ops.progressFill} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

function PhaseFigures({ phase, site }: { phase: TPhase; site: string }) {
  const rows: [string, string][] = [
    ["Total RTO", phase.totalMs === null ? "—" : formatMs(phase.totalMs)],
    ["Per group p50", phase.p50Ms === null ? "—" : formatMs(phase.p50Ms)],
    ["Per group p95", phase.p95Ms === null ? "—" : formatMs(phase.p95Ms)],
    ["At once, at most", String(phase.maxParallel)],
    ["Groups", `${phase.succeeded} moved${phase.failed ? `, ${phase.failed} failed` : ""}${phase.skipped ? `, ${phase.skipped} skipped` : ""} of ${phase.groups}`],
  ];
  return (
    <section aria-label={`Figures: ${PHASE_LABEL[phase.phase](site)}`}>
      <h3 className={styles.stageName}>{PHASE_LABEL[phase.phase](site)}</h3>
      <dl className={ops.figures} data-testid={`figures-${phase.phase}`}>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function GroupTable({ report, phase, site }: { report: TReport; phase: "out" | "back"; site: string }) {
  const rows = report.groups.filter((g) => g.phase === phase).sort((a, b) => a.stage - b.stage);
  if (rows.length === 0) return null;
  return (
    <div className="stack">
      <DataTable caption={PHASE_LABEL[phase](site)} columns={["Stage", "Group", "State", "Action", "From → to", "RTO", "Operation", "Detail"]}>
        {rows.map((g) => (
          <tr key={`${g.phase}-${g.groupId}`} data-testid="site-group-row" data-group={g.name}>
            <td>
              <StageTitle index={g.stage} name={report.stages[g.stage] ?? ""} />
            </td>
            <th scope="row">
              <Link href={`/groups/${g.groupId}`}>{g.name}</Link>
            </th>
            <td>
              <GroupStateBadge state={g.state} />
            </td>
            <td>{SITE_ACTION[g.action]}</td>
            <td data-testid="site-group-move">
              {g.from ?? "—"} → <strong>{g.to ?? "—"}</strong>
            </td>
            <td data-testid="site-group-rto">{g.rtoMs === null ? <span className="muted">—</span> : formatMs(g.rtoMs)}</td>
            <td>
              {g.childOperationId ? (
                <Link href={`/operations/${g.childOperationId}`}>
                  Open<span className="visually-hidden"> the operation of {g.name}</span>
                </Link>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td className="wrap">{g.detail || <span className="muted">—</span>}</td>
          </tr>
        ))}
      </DataTable>
      <GroupRtoChart groups={rows} title={`RTO per group, ${PHASE_LABEL[phase](site).toLowerCase()}`} />
    </div>
  );
}

/** The step running (a hook, a stage, a drill's hold), for the progress line. */
function nowStep(op: TOperation): string | null {
  const step = isLive(op.state) ? op.steps.find((st) => st.state === "RUNNING") : undefined;
  return step ? `step ${step.index + 1}, ${actionLabel(step.action)}` : null;
}

function relatedLabel(kind: string): string {
  return kind === "SITE_RETURN" ? "Returned by" : kind === "EVACUATION" ? "Returns from" : "Related";
}

/** When, how long, how many at once, and the operations it returns from or was returned by. */
function facts(op: TOperation, r: TReport | undefined): [string, ReactNode][] {
  const rows: [string, ReactNode][] = [
    ["Kind", kindLabel(op.kind)],
    ["Started", <Time key="s" iso={op.startedAt ?? op.createdAt} />],
    ["Duration", <LiveDuration key="d" start={op.startedAt ?? op.createdAt} end={op.endedAt} />],
    ["Groups at once", r?.parallelism ?? "—"],
  ];
  for (const x of r?.related ?? []) {
    rows.push([
      relatedLabel(x.kind),
      <>
        <Link href={`/operations/${x.id}`}>{kindLabel(x.kind as TOperation["kind"])}</Link> <span className="muted">({x.state.toLowerCase()})</span>
      </>,
    ]);
  }
  return rows;
}

/**
 * A site evacuation, return or drill: groups done of the total, each group's
 * move stage by stage (refetched every second while it runs), the RTO figures
 * at the end, the operation's own steps streamed live, and pause, resume and
 * abort for operators.
 */
export function SiteOperationView({ id, initial, canOperate }: { id: string; initial: TOperation; canOperate: boolean }) {
  const queryClient = useQueryClient();
  const { query, room } = useLiveOperation(id, initial);
  const op = query.data ?? initial;
  const report = useSiteReport(id);
  const servers = useServers({});
  const r = report.data;
  const site = r?.site ?? null;
  const siteName = site?.name ?? "the site";
  const dryRun = r?.dryRun ?? false;
  const serverName = (serverId: string) => servers.data?.servers.find((s) => s.id === serverId)?.name;

  // The room says when the operation ends: the report needs its last read, and the
  // site's list, plan and matrix (cached while it ran) are out of date too.
  const live = isLive(op.state);
  useEffect(() => {
    if (!live) void queryClient.invalidateQueries({ queryKey: DR_KEY });
  }, [live, queryClient]);

  const title = siteOperationTitle(op.kind as TSiteKind, siteName, dryRun);
  const phases = r?.phases ?? [];
  return (
    <div className="page page-wide">
      <PageHeader title={title} parent={site ? { href: `/sites/${site.id}`, label: `Site ${site.name}` } : { href: "/sites", label: "Sites" }} actions={<LiveIndicator connection={room.connection} room={room.room} />} />
      <div className="stack">
        <QueryError result={query} />
        <QueryError result={report} />
        <section className={`panel ${ops.summary}`} aria-label="Summary">
          <div className={ops.summaryHead}>
            <OperationStateBadge state={op.state as TOperationState} />
            {r?.verdict ? <span className={`badge badge-dot ${r.verdict === "PASS" ? "badge-success" : "badge-danger"}`}>Drill {r.verdict === "PASS" ? "passed" : "failed"}</span> : null}
            {op.outcome ? <span className={ops.outcome}>{op.outcome}</span> : null}
          </div>
          {r ? <GroupsProgress groups={r.groups} state={op.state} now={nowStep(op)} /> : <p className="muted">Loading groups…</p>}
          <dl className={ops.facts}>
            <OperationFacts groupId={null} groupName={null} site={site ?? (op.siteId ? { id: op.siteId, name: "Open site" } : null)} initiator={op.initiator} reason={op.reason} ticketRef={op.ticketRef} />
            {facts(op, r).map(([k, v], i) => (
              <div key={`${k}-${i}`}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
        {canOperate && live ? (
          <Panel titleId="site-op-controls" title="Control">
            <SiteOperationControls op={op} />
          </Panel>
        ) : null}
        {phases.some((p) => p.totalMs !== null || p.p50Ms !== null) ? (
          <Panel titleId="site-op-figures" title="Recovery times">
            <div className="stack">
              {phases.map((p) => (
                <PhaseFigures key={p.phase} phase={p} site={siteName} />
              ))}
            </div>
          </Panel>
        ) : null}
        <Panel titleId="site-op-groups" title="Groups">
          {r ? (
            r.groups.length ? (
              <div className="stack">
                <GroupTable report={r} phase="out" site={siteName} />
                <GroupTable report={r} phase="back" site={siteName} />
              </div>
            ) : (
              <p className="muted">No group to move.</p>
            )
          ) : (
            <p className="muted">Loading…</p>
          )}
          {r?.notMoving.length ? (
            <>
              <h3>Not moving</h3>
              <ul>
                {r.notMoving.map((g) => (
                  <li key={g.groupId}>
                    <Link href={`/groups/${g.groupId}`}>{g.name}</Link>: {g.why}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {r?.confirmedOff ? <p className="notice notice-warning">Started with the operator&apos;s confirmation that the site&apos;s hosts are off.</p> : null}
        </Panel>
        <Panel titleId="site-op-steps" title="Steps">
          <StepTimeline steps={op.steps} serverName={serverName} />
        </Panel>
      </div>
    </div>
  );
}
