"use client";

import Link from "next/link";
import { useRef, useState, type MouseEvent } from "react";
import { formatMs } from "@/components/operations/labels";
import { useCanOperate } from "@/components/operations/queries";
import { ClippedText } from "@/components/ui/clipped-text";
import { DataTable, TableState } from "@/components/ui/data-table";
import { QueryError } from "@/components/ui/messages";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { modeText } from "./drill-format";
import { DrillSchedules } from "./drill-schedules";
import { FreshnessBadge } from "./freshness-badge";
import { useGroupDrills } from "./queries";
import { RtoTrendChart } from "./rto-trend-chart";
import { StartDrillDialog } from "./start-drill-dialog";
import { VerdictBadge } from "./verdict-badge";
import type { TDrillMode, TDrillSummary } from "./types";
import head from "@/components/ui/section-head.module.css";

const ms = (v: number | null) => (v === null ? <span className="muted">—</span> : formatMs(v));

function History({ drills }: { drills: TDrillSummary[] }) {
  return (
    <DataTable label="Drill history" columns={["Date", "Mode", "Verdict", "RTO", "RPO", "Started by", "Report"]}>
      {drills.map((d) => (
        <tr key={d.operationId}>
          <td>
            <Time iso={d.createdAt} precision="minutes" />
          </td>
          <td>{modeText(d.mode)}</td>
          <td>
            <VerdictBadge drill={d} />
          </td>
          <td>{ms(d.rtoMs)}</td>
          <td>{ms(d.rpoMs)}</td>
          <td className="clip-cell">
            <ClippedText text={d.initiator} />
          </td>
          <td>
            <Link href={`/drills/${d.operationId}`} aria-label={`Report of the ${modeText(d.mode).toLowerCase()} of ${new Date(d.createdAt).toISOString()}`}>
              {d.passed === null ? "Watch" : "Report"}
            </Link>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The group page's drills: freshness, starting one, the history with its RTO trend, and schedules. Active-passive groups only. */
export function DrillsPanel({ groupId, groupName }: { groupId: string; groupName: string }) {
  const q = useGroupDrills(groupId);
  const canOperate = useCanOperate();
  const [open, setOpen] = useState<TDrillMode | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const data = q.data;
  const running = data?.drills.some((d) => d.passed === null) ?? false;

  function show(mode: TDrillMode, e: MouseEvent<HTMLButtonElement>) {
    opener.current = e.currentTarget;
    setOpen(mode);
  }

  return (
    <Panel titleId="group-drills" title="Drills">
      <div className="stack">
        <div className={head.head}>
          {data ? <FreshnessBadge freshness={data.freshness} maxAgeDays={data.maxAgeDays} /> : null}
          {data?.freshness.lastDryRunAt ? (
            <span className="muted">
              Last dry run <Time iso={data.freshness.lastDryRunAt} precision="minutes" />: {data.freshness.lastDryRunPassed ? "passed" : "failed"}
            </span>
          ) : null}
          {canOperate ? (
            <div className={head.actions}>
              <button type="button" className="btn" aria-haspopup="dialog" onClick={(e) => show("dry-run", e)} disabled={running} title={running ? "A drill is running" : undefined}>
                Dry run…
              </button>
              <button type="button" className="btn btn-danger" aria-haspopup="dialog" onClick={(e) => show("live", e)} disabled={running} title={running ? "A drill is running" : undefined}>
                Live drill…
              </button>
            </div>
          ) : null}
        </div>
        <QueryError result={q} />
        {data && data.drills.length > 0 ? (
          <>
            <RtoTrendChart drills={data.drills} />
            <History drills={data.drills} />
          </>
        ) : null}
        <TableState query={q} empty={(data?.drills.length ?? 0) === 0}>
          No drill has run on this group yet.
        </TableState>
        <DrillSchedules groupId={groupId} canOperate={canOperate} />
      </div>
      {open ? (
        <StartDrillDialog
          mode={open}
          groupId={groupId}
          groupName={groupName}
          onClose={() => {
            setOpen(null);
            opener.current?.focus();
          }}
        />
      ) : null}
    </Panel>
  );
}
