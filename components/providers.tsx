"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ApiError } from "./api/fetch-json";

/** An expired or revoked session sends the user to sign in again, then back here. */
function onUnauthenticated(e: unknown): void {
  if (!(e instanceof ApiError) || e.status !== 401) return;
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname === "/login" || window.location.pathname === "/setup") return;
  window.location.assign(`/login?next=${encodeURIComponent(here)}`);
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onUnauthenticated }),
    mutationCache: new MutationCache({
      onError: (e, _vars, _ctx, mutation) => {
        // The login form's own 401 means "wrong password", not "session gone".
        if (mutation.meta?.authForm) return;
        onUnauthenticated(e);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // Retrying a 4xx only repeats the same answer.
        retry: (count, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && count < 2,
      },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
