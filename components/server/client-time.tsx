"use client";

import { useHydrated } from "@/components/realtime/use-hydrated";
import { Time } from "@/components/ui/time";

/** <Time> for data that is also rendered on the server: formatted once in the browser. */
export function ClientTime(props: Parameters<typeof Time>[0]) {
  const hydrated = useHydrated();
  if (!hydrated) return <span className="muted">…</span>;
  return <Time {...props} />;
}
