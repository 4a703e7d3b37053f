"use client";

// Rules and notification channels: admin lists and their mutations.
import { useMutation, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import { useInvalidate } from "@/components/ui/mutations";
import type {
  TAlertRule,
  TAlertRuleList,
  TChannel,
  TChannelList,
  TCreateAlertRuleRequest,
  TCreateChannelRequest,
  TDeliveryList,
  TTestChannelResponse,
  TUpdateAlertRuleRequest,
  TUpdateChannelRequest,
} from "./types";

export const RULES_KEY = ["alert-rules"] as const;
export const CHANNELS_KEY = ["notification-channels"] as const;

export function useAlertRules() {
  return useQuery({ queryKey: RULES_KEY, queryFn: ({ signal }) => fetchJson<TAlertRuleList>("/api/v1/alert-rules", { signal }) });
}

const ruleUrl = (id: string) => `/api/v1/alert-rules/${encodeURIComponent(id)}`;

export function useCreateRule(onDone?: (r: TAlertRule) => void) {
  const invalidate = useInvalidate(RULES_KEY);
  return useMutation({ mutationFn: (body: TCreateAlertRuleRequest) => fetchJson<TAlertRule>("/api/v1/alert-rules", { body }), onSuccess: onDone, onSettled: invalidate });
}

export function useUpdateRule(id: string, onDone?: (r: TAlertRule) => void) {
  const invalidate = useInvalidate(RULES_KEY);
  return useMutation({ mutationFn: (body: TUpdateAlertRuleRequest) => fetchJson<TAlertRule>(ruleUrl(id), { method: "PATCH", body }), onSuccess: onDone, onSettled: invalidate });
}

export function useDeleteRule(id: string, onDone?: () => void) {
  const invalidate = useInvalidate(RULES_KEY);
  return useMutation({ mutationFn: () => fetchJson<null>(ruleUrl(id), { method: "DELETE" }), onSuccess: onDone, onSettled: invalidate });
}

export function useChannels() {
  return useQuery({ queryKey: CHANNELS_KEY, queryFn: ({ signal }) => fetchJson<TChannelList>("/api/v1/notification-channels", { signal }), refetchInterval: 30_000 });
}

const channelUrl = (id: string) => `/api/v1/notification-channels/${encodeURIComponent(id)}`;

export function useCreateChannel(onDone?: (c: TChannel) => void) {
  const invalidate = useInvalidate(CHANNELS_KEY);
  return useMutation({ mutationFn: (body: TCreateChannelRequest) => fetchJson<TChannel>("/api/v1/notification-channels", { body }), onSuccess: onDone, onSettled: invalidate });
}

export function useUpdateChannel(id: string, onDone?: (c: TChannel) => void) {
  const invalidate = useInvalidate(CHANNELS_KEY);
  return useMutation({ mutationFn: (body: TUpdateChannelRequest) => fetchJson<TChannel>(channelUrl(id), { method: "PATCH", body }), onSuccess: onDone, onSettled: invalidate });
}

export function useDeleteChannel(id: string, onDone?: () => void) {
  const invalidate = useInvalidate(CHANNELS_KEY);
  return useMutation({ mutationFn: () => fetchJson<null>(channelUrl(id), { method: "DELETE" }), onSuccess: onDone, onSettled: invalidate });
}

/** "Send test": one delivery now; the list and the log are refreshed to show it. */
export function useTestChannel(id: string) {
  const invalidate = useInvalidate(CHANNELS_KEY);
  return useMutation({ mutationFn: () => fetchJson<TTestChannelResponse>(`${channelUrl(id)}/test`, { method: "POST", body: {} }), onSettled: invalidate });
}

export function useChannelDeliveries(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...CHANNELS_KEY, id, "deliveries"],
    queryFn: ({ signal }) => fetchJson<TDeliveryList>(`${channelUrl(id)}/deliveries?limit=20`, { signal }),
    enabled,
    refetchInterval: enabled ? 10_000 : false,
  });
}
