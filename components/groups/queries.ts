"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import type { TGroup, TGroupList } from "./types";

export const GROUPS_KEY = ["groups"] as const;

// Polled every 5 s: simple and honest until groups get their own socket room.
const LIVE_MS = 5_000;

export function useGroups() {
  return useQuery({
    queryKey: GROUPS_KEY,
    queryFn: ({ signal }) => fetchJson<TGroupList>("/api/v1/groups", { signal }),
    refetchInterval: LIVE_MS,
    placeholderData: (previous) => previous,
  });
}

export function useGroup(id: string) {
  return useQuery({
    queryKey: [...GROUPS_KEY, id],
    queryFn: ({ signal }) => fetchJson<TGroup>(`/api/v1/groups/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: LIVE_MS,
    placeholderData: (previous) => previous,
  });
}
