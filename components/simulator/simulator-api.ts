// The simulator's control API, as TanStack Query hooks. Types come from the
// server's schemas (type-only: nothing from server/ reaches the browser).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { ApiError, fetchJson } from "@/components/api/fetch-json";
import type { TPowerSimHostRequest, TSimulatorState, ZClearFaultRequest, ZInjectFaultRequest } from "@/server/simulator/simulator.types";

export type { TSimulatorState };
export type TSimHost = TSimulatorState["hosts"][number];
export type TFaultKind = TSimulatorState["faultKinds"][number];
export type TInjectFaultRequest = z.input<typeof ZInjectFaultRequest>;
export type TClearFaultRequest = z.input<typeof ZClearFaultRequest>;

const KEY = ["simulator"] as const;

export function useSimulator() {
  return useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => fetchJson<TSimulatorState>("/api/v1/simulator", { signal }),
    // Faults can also change from the API or another admin's tab.
    refetchInterval: (q) => (q.state.error instanceof ApiError && q.state.error.status === 404 ? 30_000 : 5000),
    staleTime: 2000,
  });
}

export function isNotRunning(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}

export function useInjectFault() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TInjectFaultRequest) => fetchJson<{ ok: true }>("/api/v1/simulator/faults", { body }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function usePowerSimHost() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TPowerSimHostRequest) => fetchJson<{ ok: true }>("/api/v1/simulator/power", { body }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useClearFault() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TClearFaultRequest) => fetchJson<{ ok: true }>("/api/v1/simulator/clear", { body }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
