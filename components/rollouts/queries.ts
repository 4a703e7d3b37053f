"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import { isRolloutLive } from "./progress";
import type { TRollout, TRolloutList, TRolloutPlan, TRolloutSettingsInput, TStartRolloutBody } from "./types";

export const ROLLOUTS_KEY = ["rollouts"] as const;
const LIST_MS = 5_000;
/** The fallback poll of a running rollout, should its room go quiet. */
const LIVE_POLL_MS = 2_000;

export const rolloutKey = (id: string) => [...ROLLOUTS_KEY, "one", id] as const;
const rolloutUrl = (id: string) => `/api/v1/rollouts/${encodeURIComponent(id)}`;

export function useRollouts(state?: string) {
  const q = new URLSearchParams({ limit: "100" });
  if (state) q.set("state", state);
  return useQuery({
    queryKey: [...ROLLOUTS_KEY, "list", state ?? null],
    queryFn: ({ signal }) => fetchJson<TRolloutList>(`/api/v1/rollouts?${q}`, { signal }),
    refetchInterval: LIST_MS,
    placeholderData: keepPreviousData,
  });
}

/** One rollout, polled every 2 s while it runs or waits paused. */
export function useRollout(id: string) {
  return useQuery({
    queryKey: rolloutKey(id),
    queryFn: ({ signal }) => fetchJson<TRollout>(rolloutUrl(id), { signal }),
    refetchInterval: (q) => (q.state.data && isRolloutLive(q.state.data.state) ? LIVE_POLL_MS : false),
  });
}

/**
 * The planner's preview of `settings` (null: nothing to plan yet). Keyed on
 * the settings, so going back to an earlier draft answers from the cache; the
 * last preview stays shown while the next one comes.
 */
export function useRolloutPlan(settings: TRolloutSettingsInput | null) {
  return useQuery({
    queryKey: [...ROLLOUTS_KEY, "plan", settings],
    queryFn: ({ signal }) => fetchJson<TRolloutPlan>("/api/v1/rollouts/plan", { body: settings, signal }),
    enabled: settings !== null,
    placeholderData: keepPreviousData,
    retry: false,
    // Host states move; a plan older than this is asked again.
    staleTime: 15_000,
  });
}

export function useStartRollout(onStarted: (r: TRollout) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TStartRolloutBody) => fetchJson<TRollout>("/api/v1/rollouts", { body }),
    onSuccess: (r) => {
      queryClient.setQueryData(rolloutKey(r.id), r);
      onStarted(r);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...ROLLOUTS_KEY, "list"] }),
  });
}

export type TRolloutAction = "pause" | "resume" | "abort";

export function useRolloutAction(id: string, action: TRolloutAction) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => fetchJson<TRollout>(`${rolloutUrl(id)}/${action}`, { body: { reason } }),
    onSuccess: (r) => {
      if (r && Array.isArray(r.hostList)) queryClient.setQueryData(rolloutKey(id), r);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ROLLOUTS_KEY }),
  });
}
