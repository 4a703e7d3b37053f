"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import type { TComplianceReport, TComplianceStatus } from "./types";

export type ComplianceFilters = { siteId: string; groupId: string; tag: string; status: TComplianceStatus | "" };
export const NO_FILTERS: ComplianceFilters = { siteId: "", groupId: "", tag: "", status: "" };

export function complianceUrl(f: ComplianceFilters): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  const qs = q.toString();
  return `/api/v1/compliance${qs ? `?${qs}` : ""}`;
}

/** The agent recounts updates every few minutes; 10 s keeps reboots and fresh counts visible soon enough. */
export function useCompliance(filters: ComplianceFilters) {
  return useQuery({
    queryKey: ["compliance", filters],
    queryFn: ({ signal }) => fetchJson<TComplianceReport>(complianceUrl(filters), { signal }),
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });
}
