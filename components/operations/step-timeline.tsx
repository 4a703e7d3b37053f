"use client";

import { Time } from "@/components/ui/time";
import { actionLabel, StepStateBadge } from "./labels";
import { LiveDuration } from "./live-duration";
import type { TOperationStep } from "./types";
import styles from "./operations.module.css";

/** The steps in order: what ran where, how it ended, how long it took, and what it printed. */
export function StepTimeline({ steps, serverName }: { steps: TOperationStep[]; serverName: (id: string) => string | undefined }) {
  if (steps.length === 0) return <p className="muted">This operation has no steps.</p>;
  return (
    <ol className={styles.timeline} aria-label="Steps">
      {steps.map((s) => {
        const target = s.serverId ? (serverName(s.serverId) ?? `server ${s.serverId.slice(0, 8)}`) : null;
        const lines = s.output ? s.output.replace(/\n$/, "").split("\n").length : 0;
        return (
          <li key={s.id} className={styles.step} data-state={s.state} aria-current={s.state === "RUNNING" ? "step" : undefined}>
            <div className={styles.stepHead}>
              <span className={styles.stepIndex} aria-hidden="true">
                {s.index + 1}
              </span>
              <span className={styles.stepAction}>
                <span className="visually-hidden">Step {s.index + 1}: </span>
                {actionLabel(s.action)}
                {target ? <span className="muted"> on {target}</span> : null}
              </span>
              <StepStateBadge state={s.state} />
            </div>
            <dl className={styles.stepFacts}>
              <div>
                <dt>Started</dt>
                <dd>
                  <Time iso={s.startedAt} fallback="Not yet" />
                </dd>
              </div>
              <div>
                <dt>Duration</dt>
                <dd>
                  <LiveDuration start={s.startedAt} end={s.endedAt} />
                </dd>
              </div>
              <div>
                <dt>Exit code</dt>
                <dd className="mono">{s.exitCode ?? <span className="muted">—</span>}</dd>
              </div>
              <div>
                <dt>Timeout</dt>
                <dd>{Math.round(s.timeoutMs / 1000)} s</dd>
              </div>
            </dl>
            {s.output ? (
              <details className={styles.output}>
                <summary>
                  Output ({lines} {lines === 1 ? "line" : "lines"})
                </summary>
                <pre tabIndex={0} aria-label={`Output of step ${s.index + 1}`}>
                  {s.output}
                </pre>
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
