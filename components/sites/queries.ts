"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import { isLive } from "@/components/operations/labels";
import { OPERATIONS_KEY, operationKey } from "@/components/operations/queries";
import type { TOperation } from "@/components/operations/types";
import type {
  TEvacuationPreview,
  TGroupDependencies,
  TGroupDependenciesRequest,
  TRecoveryPlan,
  TSaveRecoveryPlanRequest,
  TSiteKind,
  TSiteMatrix,
  TSiteOperationList,
  TSiteOperationReport,
  TStartEvacuationRequest,
  TStartReturnRequest,
  TStartSiteDrillRequest,
  TWhatIfRequest,
  TWhatIfResponse,
} from "./types";

export const DR_KEY = ["dr"] as const;
const MATRIX_KEY = [...DR_KEY, "matrix"] as const;
const planKey = (siteId: string) => [...DR_KEY, "plan", siteId] as const;
const siteOperationsKey = (siteId: string) => [...DR_KEY, "operations", siteId] as const;
const siteReportKey = (operationId: string) => [...DR_KEY, "report", operationId] as const;

const siteUrl = (siteId: string, path: string) => `/api/v1/sites/${encodeURIComponent(siteId)}/${path}`;

// Host states and roles move by the second: the matrix follows them like the groups list does.
const MATRIX_MS = 5_000;
const LIST_MS = 5_000;
/** The per-group table of a live site operation (its steps stream on the socket; its groups do not). */
const REPORT_LIVE_MS = 1_000;

export function useSiteMatrix() {
  return useQuery({
    queryKey: MATRIX_KEY,
    queryFn: ({ signal }) => fetchJson<TSiteMatrix>("/api/v1/sites/matrix", { signal }),
    refetchInterval: MATRIX_MS,
    placeholderData: keepPreviousData,
  });
}

export function useWhatIf() {
  return useMutation({ mutationFn: (body: TWhatIfRequest) => fetchJson<TWhatIfResponse>("/api/v1/what-if", { body }) });
}

export function useRecoveryPlan(siteId: string) {
  return useQuery({ queryKey: planKey(siteId), queryFn: ({ signal }) => fetchJson<TRecoveryPlan>(siteUrl(siteId, "recovery-plan"), { signal }) });
}

/** Save (PUT) or drop (DELETE: back to the plan derived from dependencies) the site's recovery plan. */
export function useRecoveryPlanMutation(siteId: string, method: "PUT" | "DELETE") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body?: TSaveRecoveryPlanRequest) => fetchJson<TRecoveryPlan>(siteUrl(siteId, "recovery-plan"), { method, body }),
    onSuccess: (plan) => {
      if (plan) queryClient.setQueryData(planKey(siteId), plan);
      else void queryClient.invalidateQueries({ queryKey: planKey(siteId) });
    },
  });
}

/** A group's dependencies change every derived plan and the matrix: all of it is read again. */
export function useSaveDependencies(groupId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TGroupDependenciesRequest) => fetchJson<TGroupDependencies>(`/api/v1/groups/${encodeURIComponent(groupId)}/dependencies`, { method: "PUT", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: DR_KEY }),
  });
}

const PREVIEW_PATH: Record<TSiteKind, string> = { EVACUATION: "evacuation/plan", SITE_RETURN: "return/plan", SITE_DRILL: "evacuation/plan" };

/**
 * What an evacuation (or a return) would do now, asked when the operator
 * wants it (`enabled`) and never served from an old answer: health moves.
 */
export function useSitePreview(siteId: string, kind: TSiteKind, parallelism: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...DR_KEY, "preview", siteId, kind, parallelism ?? null],
    queryFn: ({ signal }) => fetchJson<TEvacuationPreview>(siteUrl(siteId, PREVIEW_PATH[kind]), { method: "POST", body: parallelism ? { parallelism } : {}, signal }),
    enabled,
    retry: false,
    gcTime: 0,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
}

type TStartBody = { EVACUATION: TStartEvacuationRequest; SITE_RETURN: TStartReturnRequest; SITE_DRILL: TStartSiteDrillRequest };
const START_PATH: Record<TSiteKind, string> = { EVACUATION: "evacuation", SITE_RETURN: "return", SITE_DRILL: "drills" };

export function useStartSiteOperation<K extends TSiteKind>(siteId: string, kind: K, onStarted: (op: TOperation) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TStartBody[K]) => fetchJson<TOperation>(siteUrl(siteId, START_PATH[kind]), { body }),
    onSuccess: (op) => {
      queryClient.setQueryData(operationKey(op.id), op);
      onStarted(op);
    },
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: siteOperationsKey(siteId) }), queryClient.invalidateQueries({ queryKey: OPERATIONS_KEY })]),
  });
}

export function useSiteOperations(siteId: string) {
  return useQuery({
    queryKey: siteOperationsKey(siteId),
    queryFn: ({ signal }) => fetchJson<TSiteOperationList>(siteUrl(siteId, "operations"), { signal }),
    refetchInterval: LIST_MS,
    placeholderData: keepPreviousData,
  });
}

/** A site operation's groups and figures: every second while it is live, once more when it ends. */
export function useSiteReport(operationId: string) {
  return useQuery({
    queryKey: siteReportKey(operationId),
    queryFn: ({ signal }) => fetchJson<TSiteOperationReport>(`/api/v1/operations/${encodeURIComponent(operationId)}/site`, { signal }),
    refetchInterval: (q) => {
      const data = q.state.data;
      if (!data) return q.state.status === "error" ? LIST_MS : REPORT_LIVE_MS;
      return isLive(data.state as TOperation["state"]) ? REPORT_LIVE_MS : false;
    },
  });
}
