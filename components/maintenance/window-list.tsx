"use client";

import Link from "next/link";
import { useState } from "react";
import { QueryError } from "@/components/ui/messages";
import { EffectBadges, recurrenceSentence, scopeText, WhenText, WindowStatusBadge } from "./labels";
import { useWindows } from "./queries";
import { WindowActions } from "./window-actions";
import type { TListedWindow } from "./types";
import styles from "./maintenance.module.css";

const AHEAD_MS = 90 * 86_400_000;

function sortKey(w: TListedWindow): number {
  if (w.activeOccurrence) return -Infinity;
  return w.nextOccurrence ? Date.parse(w.nextOccurrence.start) : Infinity;
}

/** Windows running now and those to come (next 90 days), soonest first. */
export function WindowList({ canOperate, onDone }: { canOperate: boolean; onDone: (message: string) => void }) {
  // Fixed when the page opens: a key that moved with the clock would refetch on every render.
  const [range] = useState(() => {
    const now = Date.now();
    return { from: new Date(now - 86_400_000).toISOString(), to: new Date(now + AHEAD_MS).toISOString() };
  });
  const q = useWindows(range);
  const windows = (q.data?.windows ?? []).filter((w) => w.status === "active" || w.status === "scheduled").sort((a, b) => sortKey(a) - sortKey(b));
  return (
    <section className="panel" aria-labelledby="upcoming-title">
      <div className="panel-header">
        <h2 id="upcoming-title">Active and upcoming</h2>
      </div>
      <QueryError result={q} />
      {q.isPending ? <p className="table-state">Loading…</p> : null}
      {q.isSuccess && windows.length === 0 ? <p className="table-state">No maintenance planned.</p> : null}
      <ul className={styles.windowList} aria-labelledby="upcoming-title">
        {windows.map((w) => (
          <li key={w.id} data-window-id={w.id} data-status={w.status} aria-labelledby={`window-${w.id}`}>
            <div className={styles.windowHead}>
              <Link id={`window-${w.id}`} href={`/maintenance/${w.id}`} className={styles.windowTitle}>
                {w.title}
              </Link>
              <WindowStatusBadge status={w.status} />
            </div>
            <p className={styles.windowLine}>{scopeText(w)}</p>
            <p className={styles.windowLine}>
              <WhenText window={w} />
            </p>
            <p className={styles.windowLine}>
              <span className="muted">{recurrenceSentence(w.recurrenceText)}</span> <EffectBadges window={w} />
            </p>
            {canOperate ? <WindowActions window={w} onDone={onDone} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
