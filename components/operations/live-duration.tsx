"use client";

import { useCallback } from "react";
import { useClock } from "@/components/realtime/clock";
import { elapsedMs, formatMs } from "./labels";

/** How long something took, or has been running (ticking once a second while it runs). */
export function LiveDuration({ start, end }: { start: string | null; end: string | null }) {
  const select = useCallback(
    (now: number) => {
      const ms = elapsedMs(start, end, now);
      return ms === null ? null : formatMs(end ? ms : Math.floor(ms / 1000) * 1000);
    },
    [start, end],
  );
  const text = useClock(select, null);
  if (!start) return <span className="muted">—</span>;
  return <span>{text ?? "…"}</span>;
}
