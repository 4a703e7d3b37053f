"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useRoom } from "@/components/realtime/socket-provider";
import { operationEvents, operationRoom, type TOperationStateEvent } from "@/server/operations/operation.types";
import { withHost } from "./progress";
import { rolloutKey, useRollout } from "./queries";
import { rolloutEvents, type TRollout, type TRolloutHostEvent } from "./types";

const REFETCH_DEBOUNCE_MS = 300;

/**
 * One rollout, kept current by its operation's room: a host change is applied
 * to the cache at once, and any event (a step's output, a state change) asks
 * for the whole rollout again, once the burst has settled. The 2 s poll covers
 * a room that went quiet.
 */
export function useLiveRollout(id: string) {
  const queryClient = useQueryClient();
  const key = rolloutKey(id);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const refetchSoon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void queryClient.invalidateQueries({ queryKey: key, exact: true }), REFETCH_DEBOUNCE_MS);
  };
  const update = (fn: (r: TRollout) => TRollout) => queryClient.setQueryData<TRollout>(key, (prev) => (prev ? fn(prev) : prev));

  const room = useRoom(operationRoom(id), {
    // The snapshot is the generic operation, not the rollout: a cue to refetch (a reconnect may have missed events).
    [operationEvents.snapshot]: refetchSoon,
    [operationEvents.step]: refetchSoon,
    [operationEvents.state]: (p) => {
      const e = p as TOperationStateEvent;
      if (e.operationId !== id) return;
      update((r) => ({ ...r, state: e.state, startedAt: e.startedAt, endedAt: e.endedAt, outcome: e.outcome }));
      refetchSoon();
    },
    [rolloutEvents.host]: (p) => {
      const e = p as TRolloutHostEvent;
      if (e.operationId !== id) return;
      update((r) => withHost(r, e.host));
      refetchSoon();
    },
  });
  const query = useRollout(id);
  return { query, room };
}
