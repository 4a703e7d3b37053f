import { useId } from "react";
import type { TProgress } from "./progress";
import ops from "@/components/operations/operations.module.css";
import styles from "./rollouts.module.css";

/** Hosts done of the total, as a labelled bar; `state` colours it like the operation's own bar. */
export function ProgressBar({ progress, state, label, compact }: { progress: TProgress; state: string; label?: string; compact?: boolean }) {
  const id = useId();
  const parts = [`${progress.done} of ${progress.total} hosts done`];
  if (progress.failed) parts.push(`${progress.failed} failed`);
  if (progress.skipped) parts.push(`${progress.skipped} skipped`);
  const text = parts.join(", ");
  return (
    <div className={`${ops.progress} ${compact ? styles.compactProgress : ""}`} data-state={state}>
      {compact ? null : (
        <div className={ops.progressText}>
          <span id={id}>{text}</span>
          <span className="muted">{progress.pct}%</span>
        </div>
      )}
      <div
        className={ops.progressTrack}
        role="progressbar"
        aria-labelledby={compact ? undefined : id}
        aria-label={compact ? (label ?? "Progress") : undefined}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.done}
        aria-valuetext={text}
        title={compact ? text : undefined}
      >
        <div className={ops.progressFill} style={{ width: `${progress.pct}%` }} />
      </div>
    </div>
  );
}
