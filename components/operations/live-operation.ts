"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRoom } from "@/components/realtime/socket-provider";
import { operationEvents, operationRoom, type TOperationStateEvent, type TOperationStepEvent } from "@/server/operations/operation.types";
import { operationKey, useOperation } from "./queries";
import { newerOf, withState, withStep } from "./operation-merge";
import type { TOperation } from "./types";

/**
 * One operation, kept current by its room: a snapshot on every (re)join, so a
 * reconnect resyncs, then step and state events. The events are written into
 * the query's cache, so the page and any other view of it agree.
 */
export function useLiveOperation(id: string, initial: TOperation | undefined) {
  const queryClient = useQueryClient();
  const key = operationKey(id);
  const update = (fn: (op: TOperation) => TOperation) => queryClient.setQueryData<TOperation>(key, (prev) => (prev ? fn(prev) : prev));

  const room = useRoom(operationRoom(id), {
    [operationEvents.snapshot]: (p) => {
      const op = p as TOperation;
      if (op.id !== id) return;
      // An HTTP answer still on its way is older than the snapshot: drop it.
      void queryClient.cancelQueries({ queryKey: key });
      queryClient.setQueryData<TOperation>(key, (prev) => newerOf(prev, op));
    },
    [operationEvents.step]: (p) => {
      const e = p as TOperationStepEvent;
      if (e.operationId === id) update((op) => withStep(op, e.step));
    },
    [operationEvents.state]: (p) => {
      const e = p as TOperationStateEvent;
      if (e.operationId === id) update((op) => withState(op, e));
    },
  });
  const live = room.connection === "live" && room.room.phase === "live";
  const query = useOperation(id, !live, initial);
  return { query, room };
}
