"use client";
// Types and queries for the fence device and load balancer pages, inferred from
// the server's zod schemas (type-only: no server code reaches the browser).
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { fetchJson } from "@/components/api/fetch-json";
import type { ZCreateFenceDeviceRequest, ZFenceDevice, ZFenceDeviceList, ZFenceTemplateList, ZUpdateFenceDeviceRequest } from "@/server/inventory/fence-devices/fence-devices.types";
import type { ZCreateLoadBalancerRequest, ZLoadBalancer, ZLoadBalancerList, ZUpdateLoadBalancerRequest } from "@/server/inventory/load-balancers/load-balancers.types";

export type TFenceDevice = z.output<typeof ZFenceDevice>;
export type TFenceTemplate = z.output<typeof ZFenceTemplateList>["templates"][number];
export type TCreateFenceDeviceRequest = z.input<typeof ZCreateFenceDeviceRequest>;
export type TUpdateFenceDeviceRequest = z.input<typeof ZUpdateFenceDeviceRequest>;
export type TLoadBalancer = z.output<typeof ZLoadBalancer>;
export type TCreateLoadBalancerRequest = z.input<typeof ZCreateLoadBalancerRequest>;
export type TUpdateLoadBalancerRequest = z.input<typeof ZUpdateLoadBalancerRequest>;

export const FENCE_DEVICES_KEY = ["fence-devices"] as const;
export const LOAD_BALANCERS_KEY = ["load-balancers"] as const;

export function useFenceDevices() {
  return useQuery({ queryKey: FENCE_DEVICES_KEY, queryFn: ({ signal }) => fetchJson<z.output<typeof ZFenceDeviceList>>("/api/v1/fence-devices", { signal }) });
}

/** Built into Tandem: fetched once per page. */
export function useFenceTemplates() {
  return useQuery({
    queryKey: [...FENCE_DEVICES_KEY, "templates"],
    queryFn: ({ signal }) => fetchJson<z.output<typeof ZFenceTemplateList>>("/api/v1/fence-devices/templates", { signal }),
    staleTime: Infinity,
  });
}

export function useLoadBalancers() {
  return useQuery({ queryKey: LOAD_BALANCERS_KEY, queryFn: ({ signal }) => fetchJson<z.output<typeof ZLoadBalancerList>>("/api/v1/load-balancers", { signal }) });
}
