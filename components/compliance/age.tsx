"use client";

import { formatAge, useClock } from "@/components/realtime/clock";

/** "3 min ago", ticking with the page's shared clock; the exact time in its title. */
export function Age({ iso, prefix = "", fallback = "never" }: { iso: string | null; prefix?: string; fallback?: string }) {
  const at = iso ? Date.parse(iso) : null;
  const label = useClock((now) => (at === null ? fallback : `${prefix}${formatAge(at, now)}`), "…");
  if (!iso) return <span className="muted">{fallback}</span>;
  return (
    <time dateTime={iso} title={iso}>
      {label}
    </time>
  );
}
