"use client";

import { useMemo } from "react";
import { FreshnessBadge } from "./freshness-badge";
import { useDrillFreshness } from "./queries";
import type { TDrillFreshness } from "./types";

type TByGroup = { maxAgeDays: number; byGroup: Map<string, TDrillFreshness> } | undefined;

/** The fleet's drill freshness by group id, from one request for the whole page. */
export function useFreshnessByGroup(): TByGroup {
  const q = useDrillFreshness();
  return useMemo(() => (q.data ? { maxAgeDays: q.data.maxAgeDays, byGroup: new Map(q.data.groups.map((g) => [g.groupId, g])) } : undefined), [q.data]);
}

/** A groups-table cell: days since the last passing live drill; a dash for groups drills do not apply to. */
export function LastDrillCell({ drills, groupId }: { drills: TByGroup; groupId: string }) {
  const f = drills?.byGroup.get(groupId);
  if (!drills || !f) return <span className="muted">—</span>;
  return <FreshnessBadge freshness={f} maxAgeDays={drills.maxAgeDays} short />;
}
