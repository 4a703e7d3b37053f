"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import { OPERATIONS_KEY, operationKey } from "@/components/operations/queries";
import type { TOperation } from "@/components/operations/types";
import { scheduleQueries } from "@/components/schedules/queries";
import type {
  TCreateDrillScheduleRequest,
  TDrillFreshnessList,
  TDrillReport,
  TDrillSchedule,
  TGroupDrills,
  TStartDrillRequest,
  TUpdateDrillScheduleRequest,
} from "./types";

export const DRILLS_KEY = ["drills"] as const;
// Drills change when one runs; polled like the group page around them.
const LIVE_MS = 5_000;
const enc = encodeURIComponent;

export const groupDrillsKey = (groupId: string) => [...DRILLS_KEY, "group", groupId] as const;
export const drillReportKey = (id: string) => [...DRILLS_KEY, "report", id] as const;

export function useGroupDrills(groupId: string) {
  return useQuery({
    queryKey: groupDrillsKey(groupId),
    queryFn: ({ signal }) => fetchJson<TGroupDrills>(`/api/v1/groups/${enc(groupId)}/drills`, { signal }),
    refetchInterval: LIVE_MS,
    placeholderData: (previous) => previous,
  });
}

/** Every active-passive group's freshness: one request for the whole groups page. */
export function useDrillFreshness() {
  return useQuery({
    queryKey: [...DRILLS_KEY, "freshness"],
    queryFn: ({ signal }) => fetchJson<TDrillFreshnessList>("/api/v1/drills/freshness", { signal }),
    refetchInterval: 60_000,
    placeholderData: (previous) => previous,
  });
}

/** The report; asked for once the drill has ended (the live view covers it until then). */
export function useDrillReport(id: string, enabled: boolean, initial?: TDrillReport) {
  return useQuery({
    queryKey: drillReportKey(id),
    queryFn: ({ signal }) => fetchJson<TDrillReport>(`/api/v1/drills/${enc(id)}`, { signal }),
    enabled,
    initialData: initial,
    // Ended by the stream but not yet by the report: ask again shortly.
    refetchInterval: (q) => (enabled && q.state.data?.passed === null ? 2_000 : false),
  });
}

export function useStartDrill(groupId: string, onStarted: (op: TOperation) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TStartDrillRequest) => fetchJson<TOperation>(`/api/v1/groups/${enc(groupId)}/drills`, { method: "POST", body }),
    onSuccess: (op) => {
      queryClient.setQueryData(operationKey(op.id), op);
      void queryClient.invalidateQueries({ queryKey: OPERATIONS_KEY });
      void queryClient.invalidateQueries({ queryKey: DRILLS_KEY });
      onStarted(op);
    },
  });
}

/** Drill schedules, listed per group. */
export const drillScheduleQueries = scheduleQueries<TDrillSchedule, TCreateDrillScheduleRequest, TUpdateDrillScheduleRequest>({ base: "/api/v1/drill-schedules", key: ["drill-schedules"] });
