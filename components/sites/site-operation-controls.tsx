"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import { AbortDialog } from "@/components/operations/abort-dialog";
import { newerOf } from "@/components/operations/operation-merge";
import { PauseControls } from "@/components/operations/pause-controls";
import { OPERATIONS_KEY, operationKey } from "@/components/operations/queries";
import type { TOperation } from "@/components/operations/types";
import { DR_KEY } from "./queries";

type TAction = "pause" | "resume" | "abort";

function useSiteOperationAction(id: string, action: TAction) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: object) => fetchJson<TOperation | null>(`/api/v1/operations/${encodeURIComponent(id)}/${action}`, { method: "POST", body }),
    // The answer says how the operation stood when it was accepted; the room may have streamed a later state.
    onSuccess: (result) => {
      if (result && Array.isArray(result.steps)) queryClient.setQueryData<TOperation>(operationKey(id), (prev) => newerOf(prev, result));
    },
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: OPERATIONS_KEY }), queryClient.invalidateQueries({ queryKey: DR_KEY })]),
  });
}

function AbortSiteDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const abort = useSiteOperationAction(id, "abort");
  return (
    <AbortDialog
      title="Abort this site operation?"
      explanation="No further group starts. Groups moving now finish or roll back as their own operations define; groups already moved stay where they are (a return brings them back)."
      confirmLabel="Abort"
      action={abort}
      onSubmit={(reason) => abort.mutate({ reason }, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}

/** Running: pause and abort. Paused: resume and abort. Ended: nothing. */
export function SiteOperationControls({ op }: { op: Pick<TOperation, "id" | "state" | "outcome"> }) {
  const pause = useSiteOperationAction(op.id, "pause");
  const resume = useSiteOperationAction(op.id, "resume");
  return (
    <PauseControls
      state={op.state}
      pausedNote={`Paused: no new group starts until it is resumed. ${op.outcome ?? ""}`}
      pause={{ ...pause, run: () => pause.mutate({ reason: "Paused from the site operation's page" }) }}
      resume={{ ...resume, run: () => resume.mutate({ skip: false }) }}
      abortDialog={(close) => <AbortSiteDialog id={op.id} onClose={close} />}
    />
  );
}
