"use client";

import { useState } from "react";
import { useTimeZones } from "@/components/maintenance/start-fields";
import { fieldErrorsOf } from "@/components/ui/mutations";
import type { TScheduleQueries } from "./queries";
import { readTiming, type TTimingDraft } from "./timing";

/**
 * The state every schedule form keeps: the draft (new, or from the schedule being edited), the zones, the timing
 * read from the draft, the create or update mutation and its field errors, and a message of the form's own.
 */
export function useScheduleForm<TDraft extends TTimingDraft, TSchedule extends { id: string }, TCreate, TUpdate>({
  schedule,
  draftOf,
  initialDraft,
  queries,
  onDone,
}: {
  schedule?: TSchedule;
  draftOf: (s: TSchedule) => TDraft;
  initialDraft: () => TDraft;
  queries: TScheduleQueries<TSchedule, TCreate, TUpdate>;
  onDone: () => void;
}) {
  const [draft, setDraft] = useState(() => (schedule ? draftOf(schedule) : initialDraft()));
  const set = (patch: Partial<TDraft>) => setDraft((prev) => ({ ...prev, ...patch }));
  const zones = useTimeZones();
  const created = queries.useCreate(onDone);
  const updated = queries.useUpdate(schedule?.id ?? "", onDone);
  const save = schedule ? updated : created;
  const [localError, setLocalError] = useState<string>();
  return { draft, set, zones, timing: readTiming(draft, zones.has), created, updated, save, server: fieldErrorsOf(save.error), localError, setLocalError };
}
