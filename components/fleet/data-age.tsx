"use client";

import { formatAge, isStale, useClock } from "@/components/realtime/clock";
import { useHydrated } from "@/components/realtime/use-hydrated";

/**
 * How old a host's data is, ticking with the page's one shared clock.
 * Turns into a warning once the data is stale, in words as well as colour.
 */
export function DataAge({ at, staleAfterMs, className }: { at: number | null; staleAfterMs?: number; className?: string }) {
  const label = useClock((now) => {
    if (at === null) return "no data yet";
    const age = formatAge(at, now);
    return isStale(at, now, staleAfterMs) ? `stale · ${age}` : age;
  }, "…");
  const hydrated = useHydrated();
  const stale = label.startsWith("stale") || at === null;
  const title = at === null ? "No sample received yet" : hydrated ? `Last sample ${new Date(at).toLocaleString()}` : undefined;
  return (
    <span className={className} data-stale={stale || undefined} title={title}>
      {label}
    </span>
  );
}
