"use client";

import { useEffect, useRef, useState } from "react";
import { Panel } from "@/components/ui/panel";
import { PageHeader } from "@/components/ui/page-header";
import { StatusMessage } from "@/components/ui/messages";
import { MaintenanceCalendar } from "./calendar";
import { useViewerZone } from "./labels";
import { WindowForm } from "./window-form";
import { WindowList } from "./window-list";
import styles from "./maintenance.module.css";

/** The maintenance page: the calendar, the windows running and to come, and (for operators) the form to schedule one. */
export function MaintenancePage({ canOperate }: { canOperate: boolean }) {
  const zone = useViewerZone();
  // The form remounts for each opening, pre-filled with the slot clicked, if any.
  const [form, setForm] = useState<{ round: number; start?: Date } | null>(null);
  const [status, setStatus] = useState<string>();
  const open = (start?: Date) => setForm((f) => ({ round: (f?.round ?? 0) + 1, start }));
  const formRef = useRef<HTMLDivElement>(null);
  const round = form?.round;
  useEffect(() => {
    if (round) formRef.current?.scrollIntoView({ block: "start", behavior: "smooth" });
  }, [round]);

  return (
    <div className="page page-wide">
      <PageHeader
        title="Maintenance"
        description="Planned windows: servers in them show as Maintenance, and may have alerts quieted, failover held back and traffic drained."
        actions={
          canOperate ? (
            <button type="button" className="btn btn-primary" onClick={() => open()} aria-expanded={form !== null} aria-controls="schedule-form">
              Schedule maintenance
            </button>
          ) : null
        }
      />
      <div className="stack">
        <StatusMessage>{status}</StatusMessage>
        {form ? (
          <div id="schedule-form" ref={formRef}>
            <Panel titleId="schedule-title" title="Schedule maintenance">
              <WindowForm
                key={form.round}
                start={form.start}
                onCancel={() => setForm(null)}
                onSaved={(w) => {
                  setForm(null);
                  setStatus(`Scheduled ${w.title}.`);
                }}
              />
            </Panel>
          </div>
        ) : null}
        <div className={styles.layout}>
          {zone ? <MaintenanceCalendar zone={zone} onSlot={canOperate ? (start) => open(start) : undefined} /> : <p className="muted">Loading calendar…</p>}
          <WindowList canOperate={canOperate} onDone={setStatus} />
        </div>
      </div>
    </div>
  );
}
