"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import { newerOf } from "./operation-merge";
import { GROUPS_KEY } from "@/components/groups/queries";
import type { TGroup } from "@/components/groups/types";
import type { TOperation, TOperationList } from "./types";

export const OPERATIONS_KEY = ["operations"] as const;
const LIST_MS = 5_000;

export type TOperationFilters = { groupId?: string; state?: string; kind?: string };

export function operationsUrl(filters: TOperationFilters, limit = 100): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  q.set("limit", String(limit));
  return `/api/v1/operations?${q}`;
}

export function useOperations(filters: TOperationFilters) {
  return useQuery({
    queryKey: [...OPERATIONS_KEY, "list", filters],
    queryFn: ({ signal }) => fetchJson<TOperationList>(operationsUrl(filters), { signal }),
    refetchInterval: LIST_MS,
    placeholderData: (previous) => previous,
  });
}

export const operationKey = (id: string) => [...OPERATIONS_KEY, "one", id] as const;

/**
 * One operation. The room keeps it current while it is live; `poll` is the
 * fallback while the socket is away (an HTTP answer could otherwise land after,
 * and undo, a newer streamed event).
 */
export function useOperation(id: string, poll: boolean, initial?: TOperation) {
  return useQuery({
    queryKey: operationKey(id),
    initialData: initial,
    queryFn: ({ signal }) => fetchJson<TOperation>(`/api/v1/operations/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: poll ? LIST_MS : false,
    // A refetch answered after the room streamed the end must not bring "running" back.
    structuralSharing: (prev, next) => newerOf(prev as TOperation | undefined, next as TOperation),
  });
}

type TMe = { role: "VIEWER" | "OPERATOR" | "ADMIN" };

/** Whether the signed-in user may run operations (hides buttons only: the API checks again). */
export function useCanOperate(): boolean {
  const me = useQuery({
    queryKey: ["auth", "me"],
    queryFn: ({ signal }) => fetchJson<TMe>("/api/v1/auth/me", { signal }),
    staleTime: 60_000,
  });
  return me.data?.role === "OPERATOR" || me.data?.role === "ADMIN";
}

/** The operation's group (for its name and its members' names), sharing the group page's cache entry. */
export function useOperationGroup(groupId: string | null) {
  return useQuery({
    queryKey: [...GROUPS_KEY, groupId ?? ""],
    queryFn: ({ signal }) => fetchJson<TGroup>(`/api/v1/groups/${encodeURIComponent(groupId ?? "")}`, { signal }),
    enabled: Boolean(groupId),
    staleTime: 30_000,
  });
}
