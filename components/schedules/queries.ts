"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import type { TScheduleRun } from "./types";

const enc = encodeURIComponent;

/**
 * The query hooks of one kind of schedule, served under `base` (e.g. "/api/v1/drill-schedules"): the list
 * (optionally filtered), a schedule's runs, and create, update and delete, which refetch everything under `key`.
 */
export function scheduleQueries<TSchedule, TCreate, TUpdate>({ base, key }: { base: string; key: readonly string[] }) {
  function useSchedules(filter?: Record<string, string>) {
    const search = filter ? `?${new URLSearchParams(filter).toString()}` : "";
    return useQuery({
      queryKey: [...key, "list", search],
      queryFn: ({ signal }) => fetchJson<{ schedules: TSchedule[] }>(`${base}${search}`, { signal }),
      refetchInterval: 30_000,
      placeholderData: (previous) => previous,
    });
  }

  function useRuns(scheduleId: string) {
    return useQuery({
      queryKey: [...key, "runs", scheduleId],
      queryFn: ({ signal }) => fetchJson<{ runs: TScheduleRun[] }>(`${base}/${enc(scheduleId)}/runs`, { signal }),
    });
  }

  function useScheduleMutation<TVars, TResult>(fn: (v: TVars) => Promise<TResult>, onDone?: (r: TResult) => void) {
    const queryClient = useQueryClient();
    return useMutation({
      mutationFn: fn,
      onSuccess: (r) => onDone?.(r),
      onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
    });
  }

  function useCreate(onDone: (s: TSchedule) => void) {
    return useScheduleMutation((body: TCreate) => fetchJson<TSchedule>(base, { method: "POST", body }), onDone);
  }

  function useUpdate(id: string, onDone?: (s: TSchedule) => void) {
    return useScheduleMutation((body: TUpdate) => fetchJson<TSchedule>(`${base}/${enc(id)}`, { method: "PATCH", body }), onDone);
  }

  function useDelete(id: string) {
    return useScheduleMutation(() => fetchJson<null>(`${base}/${enc(id)}`, { method: "DELETE" }));
  }

  return { useSchedules, useRuns, useCreate, useUpdate, useDelete };
}

export type TScheduleQueries<TSchedule, TCreate, TUpdate> = ReturnType<typeof scheduleQueries<TSchedule, TCreate, TUpdate>>;
