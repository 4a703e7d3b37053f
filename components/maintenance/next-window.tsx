"use client";

import Link from "next/link";
import { useState } from "react";
import { ZonedRange } from "./labels";
import { useWindows } from "./queries";
import type { TListedWindow } from "./types";
import styles from "./maintenance.module.css";

const AHEAD_MS = 90 * 86_400_000;

function soonest(windows: TListedWindow[]): TListedWindow | undefined {
  const active = windows.find((w) => w.status === "active" && w.activeOccurrence);
  if (active) return active;
  return windows
    .filter((w) => w.status === "scheduled" && w.nextOccurrence)
    .sort((a, b) => Date.parse(a.nextOccurrence!.start) - Date.parse(b.nextOccurrence!.start))[0];
}

/** A server's or group's running or next maintenance window (next 90 days), with a link; nothing when none. */
export function NextWindow(props: { serverId: string } | { groupId: string }) {
  const [range] = useState(() => ({ from: new Date().toISOString(), to: new Date(Date.now() + AHEAD_MS).toISOString() }));
  const q = useWindows({ ...range, ...props });
  const w = soonest(q.data?.windows ?? []);
  if (!w) return null;
  const occurrence = w.activeOccurrence ?? w.nextOccurrence;
  return (
    <p className={`notice ${w.activeOccurrence ? "notice-warning" : "notice-info"} ${styles.nextWindow}`} data-testid="next-maintenance">
      <strong>{w.activeOccurrence ? "In maintenance now" : "Next maintenance"}:</strong> <Link href={`/maintenance/${w.id}`}>{w.title}</Link>
      {occurrence ? (
        <>
          {", "}
          <ZonedRange occurrence={occurrence} zone={w.timezone} />
        </>
      ) : null}
    </p>
  );
}
