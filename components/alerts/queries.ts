"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import type { TAlert, TAlertDetail, TAlertList } from "./types";

export const ALERTS_KEY = ["alerts"] as const;
export const alertKey = (id: string) => [...ALERTS_KEY, "one", id] as const;
const PAGE_SIZE = 50;

/** The history page's filters, as in its URL and the API's query string. */
export type TAlertFilters = { state?: string; severity?: string; source?: string; serverId?: string; groupId?: string; from?: string; to?: string; q?: string };

export function alertsUrl(filters: TAlertFilters, cursor: string | undefined, limit = PAGE_SIZE): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  if (cursor) q.set("cursor", cursor);
  q.set("limit", String(limit));
  return `/api/v1/alerts?${q}`;
}

/** Alert history, newest first, a page at a time; refreshed while shown (the room only carries open alerts). */
export function useAlertHistory(filters: TAlertFilters) {
  return useInfiniteQuery({
    queryKey: [...ALERTS_KEY, "list", filters],
    queryFn: ({ pageParam, signal }) => fetchJson<TAlertList>(alertsUrl(filters, pageParam), { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 15_000,
  });
}

/** One alert with its timeline, folded alerts, context and deliveries; the provider invalidates it on each change. */
export function useAlert(id: string) {
  return useQuery({
    queryKey: alertKey(id),
    queryFn: ({ signal }) => fetchJson<TAlertDetail>(`/api/v1/alerts/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: 30_000,
  });
}

/**
 * Acknowledge or resolve. The answer is not merged into the live list: the
 * room's change event does that (once), so only the fetched views refresh.
 */
export function useAlertAction(action: "ack" | "resolve") {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, comment }: { id: string; comment?: string }) =>
      fetchJson<TAlert>(`/api/v1/alerts/${encodeURIComponent(id)}/${action}`, { method: "POST", body: { comment: comment ?? "" } }),
    onSettled: (_r, _e, v) => Promise.all([qc.invalidateQueries({ queryKey: alertKey(v.id) }), qc.invalidateQueries({ queryKey: [...ALERTS_KEY, "list"] })]),
  });
}
