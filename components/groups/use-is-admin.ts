"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";

type TMe = { role: "VIEWER" | "OPERATOR" | "ADMIN" };

/** Whether the signed-in user is an admin (hides admin links only: the API checks again). Shares the "me" cache entry. */
export function useIsAdmin(): boolean {
  const me = useQuery({
    queryKey: ["auth", "me"],
    queryFn: ({ signal }) => fetchJson<TMe>("/api/v1/auth/me", { signal }),
    staleTime: 60_000,
  });
  return me.data?.role === "ADMIN";
}
