"use client";

import { AbortDialog } from "@/components/operations/abort-dialog";
import { PauseControls } from "@/components/operations/pause-controls";
import { useRolloutAction } from "./queries";
import type { TRollout } from "./types";

function AbortRolloutDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const abort = useRolloutAction(id, "abort");
  return (
    <AbortDialog
      title="Abort this rollout?"
      explanation="No new host starts. Hosts being patched finish their current step and are put back in service; hosts not reached are skipped."
      confirmLabel="Abort rollout"
      action={abort}
      onSubmit={(reason) => abort.mutate(reason, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}

/** Running: pause and abort. Paused: resume and abort. Ended: nothing. */
export function RolloutControls({ rollout }: { rollout: TRollout }) {
  const pause = useRolloutAction(rollout.id, "pause");
  const resume = useRolloutAction(rollout.id, "resume");
  return (
    <PauseControls
      state={rollout.state}
      pausedNote={`Paused: no new host starts until the rollout is resumed. ${rollout.outcome ?? ""}`}
      pause={{ ...pause, run: () => pause.mutate("") }}
      resume={{ ...resume, run: () => resume.mutate("") }}
      abortDialog={(close) => <AbortRolloutDialog id={rollout.id} onClose={close} />}
    />
  );
}
