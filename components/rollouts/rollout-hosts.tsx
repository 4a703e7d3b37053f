"use client";

import { useId, useState } from "react";
import { LiveDuration } from "@/components/operations/live-duration";
import { StepStateBadge } from "@/components/operations/labels";
import { useClock } from "@/components/realtime/clock";
import { BatchStateBadge, HostStateBadge, PHASE_LABEL, stepText } from "./labels";
import { stepDurationMs, type TBatchView } from "./progress";
import { ProgressBar } from "./progress-bar";
import { ROLLOUT_PHASES, type TRolloutHost, type TRolloutHostStep } from "./types";
import ops from "@/components/operations/operations.module.css";
import styles from "./rollouts.module.css";

const FOLD_OVER = 25;

/** The host's steps, or (before it starts) the ones it will run. */
function stepsOf(h: TRolloutHost): TRolloutHostStep[] {
  if (h.steps.length) return h.steps;
  return ROLLOUT_PHASES.filter((p) => p !== "switchover" || h.switchover).map((phase) => ({ phase, state: "PENDING" as const, startedAt: null, endedAt: null, output: "" }));
}

function StepChip({ step }: { step: TRolloutHostStep }) {
  const text = useClock((now) => stepText(step.phase, step.state, stepDurationMs(step, now)), stepText(step.phase, step.state, null));
  const started = step.state !== "PENDING" && step.state !== "SKIPPED" && step.startedAt;
  return (
    <li className={styles.chip} data-state={step.state} title={text} aria-label={text}>
      <span aria-hidden="true">{PHASE_LABEL[step.phase]}</span>
      {started ? (
        <span className={styles.chipTime} aria-hidden="true">
          <LiveDuration start={step.startedAt} end={step.endedAt} />
        </span>
      ) : null}
    </li>
  );
}

function HostRow({ host }: { host: TRolloutHost }) {
  const [open, setOpen] = useState(false);
  const detailId = useId();
  const steps = stepsOf(host);
  return (
    <li className={styles.host} data-state={host.state} data-testid="rollout-host">
      <div className={styles.hostHead}>
        <button type="button" className={styles.hostToggle} aria-expanded={open} aria-controls={open ? detailId : undefined} onClick={() => setOpen(!open)}>
          <span className={styles.caret} aria-hidden="true">
            {open ? "▾" : "▸"}
          </span>
          <span className={`clip ${styles.hostName}`} title={host.name}>
            {host.name}
          </span>
        </button>
        <HostStateBadge state={host.state} />
        {host.state === "RUNNING" && host.phase ? <span className="muted nowrap">{PHASE_LABEL[host.phase]}…</span> : null}
        {host.switchover ? <span className="badge" title="A primary: switched over to a standby before it is patched">Switchover</span> : null}
        {host.rebooted ? <span className="badge">Rebooted</span> : null}
      </div>
      <ol className={styles.chips} aria-label={`Steps of ${host.name}`}>
        {steps.map((s) => (
          <StepChip key={s.phase} step={s} />
        ))}
      </ol>
      {host.error ? <p className={`clip text-danger ${styles.hostError}`} title={host.error}>{host.error}</p> : null}
      {open ? (
        <div id={detailId} className={styles.hostDetail}>
          <dl className={styles.hostFacts}>
            <div>
              <dt>Updates before</dt>
              <dd>{host.updatesBefore ?? <span className="muted">—</span>}</dd>
            </div>
            <div>
              <dt>Kernel</dt>
              <dd className="mono">
                {host.kernelBefore ?? "—"}
                {host.kernelAfter && host.kernelAfter !== host.kernelBefore ? ` → ${host.kernelAfter}` : ""}
              </dd>
            </div>
            <div>
              <dt>Took</dt>
              <dd>
                <LiveDuration start={host.startedAt} end={host.endedAt} />
              </dd>
            </div>
          </dl>
          {host.steps.length === 0 ? <p className="muted">Not started yet.</p> : null}
          {host.steps.map((s) => (
            <section key={s.phase} className={styles.stepOutput} aria-label={`${PHASE_LABEL[s.phase]} on ${host.name}`}>
              <div className={styles.stepOutputHead}>
                <strong>{PHASE_LABEL[s.phase]}</strong>
                <StepStateBadge state={s.state} />
                <span className="muted">
                  <LiveDuration start={s.startedAt} end={s.endedAt} />
                </span>
              </div>
              {s.output ? (
                <div className={ops.output}>
                  <pre tabIndex={0} aria-label={`Output of ${PHASE_LABEL[s.phase].toLowerCase()} on ${host.name}`}>
                    {s.output}
                  </pre>
                </div>
              ) : (
                <p className="muted">No output.</p>
              )}
            </section>
          ))}
        </div>
      ) : null}
    </li>
  );
}

/** A batch: its state, a bar of its hosts done, and each host with its step chips. */
export function BatchSection({ view, current }: { view: TBatchView; current: boolean }) {
  const titleId = useId();
  const { batch, hosts, progress } = view;
  // A large rollout's other batches stay folded: a thousand hosts' rows (and their ticking timers) would slow the page.
  const [unfolded, setUnfolded] = useState(false);
  const shown = current || unfolded || hosts.length <= FOLD_OVER;
  return (
    <section className={styles.batch} aria-labelledby={titleId} aria-current={current ? "step" : undefined} data-testid="rollout-batch">
      <div className={styles.batchHead}>
        <h3 id={titleId}>Batch {batch.index + 1}</h3>
        <BatchStateBadge state={batch.state} />
        <span className="muted">
          {progress.done}/{progress.total} {progress.total === 1 ? "host" : "hosts"}
          {progress.failed ? `, ${progress.failed} failed` : ""}
        </span>
      </div>
      <ProgressBar progress={progress} state={batch.state === "FAILED" ? "FAILED" : batch.state === "SUCCEEDED" ? "SUCCEEDED" : "RUNNING"} label={`Batch ${batch.index + 1}`} compact />
      {hosts.length && !shown ? (
        <button type="button" className={`btn btn-sm ${styles.unfold}`} onClick={() => setUnfolded(true)}>
          Show its {hosts.length} hosts
        </button>
      ) : hosts.length ? (
        <ul className={styles.hosts} aria-label={`Hosts of batch ${batch.index + 1}`}>
          {hosts.map((h) => (
            <HostRow key={h.serverId} host={h} />
          ))}
        </ul>
      ) : (
        <p className="muted">No hosts listed yet.</p>
      )}
    </section>
  );
}
