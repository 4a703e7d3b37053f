"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import type { TCredentialList, TServerList, TSiteList } from "./types";

export const SERVERS_KEY = ["servers"] as const;
export const SITES_KEY = ["sites"] as const;
export const CREDENTIALS_KEY = ["credentials"] as const;

export type ServerFilters = { q?: string; site?: string; tag?: string[]; state?: string[] };

export function serversUrl(f: ServerFilters): string {
  const q = new URLSearchParams();
  if (f.q) q.set("q", f.q);
  if (f.site) q.set("site", f.site);
  for (const t of f.tag ?? []) q.append("tag", t);
  for (const s of f.state ?? []) q.append("state", s);
  const qs = q.toString();
  return `/api/v1/servers${qs ? `?${qs}` : ""}`;
}

/** Servers with their state; refreshed every 10 s so states and ages stay honest. */
export function useServers(filters: ServerFilters) {
  return useQuery({
    queryKey: [...SERVERS_KEY, filters],
    queryFn: ({ signal }) => fetchJson<TServerList>(serversUrl(filters), { signal }),
    refetchInterval: 10_000,
    placeholderData: (previous) => previous,
  });
}

export function useSites() {
  return useQuery({ queryKey: SITES_KEY, queryFn: ({ signal }) => fetchJson<TSiteList>("/api/v1/sites", { signal }) });
}

export function useCredentials() {
  return useQuery({ queryKey: CREDENTIALS_KEY, queryFn: ({ signal }) => fetchJson<TCredentialList>("/api/v1/credentials", { signal }) });
}
