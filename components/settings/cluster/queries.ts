"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import type { TCluster } from "@/server/cluster/cluster.types";

export const CLUSTER_KEY = ["cluster"] as const;

/** Every 2 s: a heartbeat is late after one lease time (10 s by default), and a person watching a node fail should see it turn. */
export function useCluster() {
  return useQuery({ queryKey: CLUSTER_KEY, queryFn: ({ signal }) => fetchJson<TCluster>("/api/v1/cluster", { signal }), refetchInterval: 2_000 });
}
