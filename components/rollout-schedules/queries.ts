"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import type { TCreateRolloutScheduleInput, TRolloutSchedule, TScheduleRun, TUpdateRolloutScheduleInput } from "./types";

const SCHEDULES_KEY = ["rollout-schedules"] as const;
const enc = encodeURIComponent;

export function useRolloutSchedules() {
  return useQuery({
    queryKey: SCHEDULES_KEY,
    queryFn: ({ signal }) => fetchJson<{ schedules: TRolloutSchedule[] }>("/api/v1/rollout-schedules", { signal }),
    refetchInterval: 30_000,
    placeholderData: (previous) => previous,
  });
}

export function useRolloutScheduleRuns(scheduleId: string) {
  return useQuery({
    queryKey: [...SCHEDULES_KEY, "runs", scheduleId],
    queryFn: ({ signal }) => fetchJson<{ runs: TScheduleRun[] }>(`/api/v1/rollout-schedules/${enc(scheduleId)}/runs`, { signal }),
  });
}

function useScheduleMutation<TVars, TResult>(fn: (v: TVars) => Promise<TResult>, onDone?: (r: TResult) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (r) => onDone?.(r),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SCHEDULES_KEY }),
  });
}

export function useCreateRolloutSchedule(onDone: (s: TRolloutSchedule) => void) {
  return useScheduleMutation((body: TCreateRolloutScheduleInput) => fetchJson<TRolloutSchedule>("/api/v1/rollout-schedules", { method: "POST", body }), onDone);
}

export function useUpdateRolloutSchedule(id: string, onDone?: (s: TRolloutSchedule) => void) {
  return useScheduleMutation((body: TUpdateRolloutScheduleInput) => fetchJson<TRolloutSchedule>(`/api/v1/rollout-schedules/${enc(id)}`, { method: "PATCH", body }), onDone);
}

export function useDeleteRolloutSchedule(id: string) {
  return useScheduleMutation(() => fetchJson<null>(`/api/v1/rollout-schedules/${enc(id)}`, { method: "DELETE" }));
}
