"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import type { TApiTokenList, TUserList } from "@/components/api/types";

export const USERS_KEY = ["users"] as const;
export const TOKENS_KEY = ["api-tokens"] as const;

export function useUsers() {
  return useQuery({ queryKey: USERS_KEY, queryFn: ({ signal }) => fetchJson<TUserList>("/api/v1/users", { signal }) });
}

export function useApiTokens() {
  return useQuery({ queryKey: TOKENS_KEY, queryFn: ({ signal }) => fetchJson<TApiTokenList>("/api/v1/api-tokens", { signal }) });
}
