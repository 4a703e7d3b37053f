import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * false while rendering on the server and hydrating, true afterwards: dates are
 * formatted in the browser's zone and locale, which the server does not know,
 * so they are rendered only once hydrated (no mismatch).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
