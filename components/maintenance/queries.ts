"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import { useInvalidate } from "@/components/ui/mutations";
import type { TCreateWindowRequest, TUpdateWindowRequest, TWindow, TWindowImpact, TWindowList } from "./types";

export const WINDOWS_KEY = ["maintenance-windows"] as const;
// Windows start and end on their own: refreshed so states stay honest.
const LIVE_MS = 15_000;

export type TWindowFilters = { from?: string; to?: string; serverId?: string; groupId?: string; includeCancelled?: boolean };

export function windowsUrl(f: TWindowFilters): string {
  const q = new URLSearchParams();
  if (f.from) q.set("from", f.from);
  if (f.to) q.set("to", f.to);
  if (f.serverId) q.set("serverId", f.serverId);
  if (f.groupId) q.set("groupId", f.groupId);
  if (f.includeCancelled) q.set("includeCancelled", "true");
  const qs = q.toString();
  return `/api/v1/maintenance-windows${qs ? `?${qs}` : ""}`;
}

/** Windows with their occurrences in [from, to]. */
export function useWindows(filters: TWindowFilters) {
  return useQuery({
    queryKey: [...WINDOWS_KEY, "list", filters],
    queryFn: ({ signal }) => fetchJson<TWindowList>(windowsUrl(filters), { signal }),
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  });
}

const windowUrl = (id: string) => `/api/v1/maintenance-windows/${encodeURIComponent(id)}`;

export function useWindow(id: string) {
  return useQuery({ queryKey: [...WINDOWS_KEY, "one", id], queryFn: ({ signal }) => fetchJson<TWindow>(windowUrl(id), { signal }), refetchInterval: LIVE_MS });
}

/**
 * The impact of a draft, asked again whenever the (debounced) draft changes;
 * the last answer stays shown while the next one comes.
 */
export function useWindowPreview(draft: TCreateWindowRequest | null, windowId: string | undefined) {
  return useQuery({
    queryKey: [...WINDOWS_KEY, "preview", windowId ?? null, draft],
    queryFn: ({ signal }) => fetchJson<TWindowImpact>("/api/v1/maintenance-windows/preview", { body: { draft, ...(windowId ? { windowId } : {}) }, signal }),
    enabled: draft !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 10_000,
  });
}

export function useCreateWindow(onDone?: (w: TWindow) => void) {
  const invalidate = useInvalidate(WINDOWS_KEY);
  return useMutation({ mutationFn: (body: TCreateWindowRequest) => fetchJson<TWindow>("/api/v1/maintenance-windows", { body }), onSuccess: onDone, onSettled: invalidate });
}

export function useUpdateWindow(id: string, onDone?: (w: TWindow) => void) {
  const invalidate = useInvalidate(WINDOWS_KEY);
  return useMutation({ mutationFn: (body: TUpdateWindowRequest) => fetchJson<TWindow>(windowUrl(id), { method: "PATCH", body }), onSuccess: onDone, onSettled: invalidate });
}

/** Cancel (every occurrence to come) or end now (the running one). */
export function useWindowAction(id: string, action: "cancel" | "end", onDone?: (w: TWindow) => void) {
  const invalidate = useInvalidate(WINDOWS_KEY);
  return useMutation({
    mutationFn: (reason: string) => fetchJson<TWindow>(`${windowUrl(id)}/${action}`, { body: { reason } }),
    onSuccess: onDone,
    onSettled: invalidate,
  });
}
