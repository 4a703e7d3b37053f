"use client";

import { useState } from "react";
import { QueryError } from "@/components/ui/messages";
import { Time } from "@/components/ui/time";
import { PlanEditor } from "./plan-editor";
import { StageTitle } from "./site-labels";
import { useRecoveryPlan, useRecoveryPlanMutation } from "./queries";
import type { TRecoveryPlan } from "./types";
import styles from "./sites.module.css";

type THookView = TRecoveryPlan["stages"][number]["pre"];

function Hook({ label, hook }: { label: string; hook: THookView }) {
  if (!hook) return null;
  return (
    <p className={styles.hookView}>
      <span className="muted">{label} on </span>
      <strong>{hook.serverName}</strong>
      <span className="muted"> (timeout {hook.timeoutSeconds} s): </span>
      <code>{hook.command}</code>
    </p>
  );
}

function PlanStages({ plan }: { plan: TRecoveryPlan }) {
  return (
    <>
      <p className="muted">
        {plan.source === "saved" ? (
          <>
            Saved by {plan.updatedBy ?? "an admin"} <Time iso={plan.updatedAt} precision="minutes" />.
          </>
        ) : (
          "No plan saved: derived from the groups' dependencies (a group moves after those it needs)."
        )}{" "}
        Up to {plan.parallelism} {plan.parallelism === 1 ? "group moves" : "groups move"} at once within a stage.
      </p>
      {plan.stages.length === 0 ? <p className="muted">No group has a member in this site.</p> : null}
      <ol className={styles.stages} aria-label="Stages">
        {plan.stages.map((s, i) => (
          <li key={i} className={styles.stage} data-testid="plan-stage">
            <h3 className={styles.stageName}>
              <StageTitle index={i} name={s.name} />
            </h3>
            <Hook label="Before, runs" hook={s.pre} />
            <ul className={styles.planGroups}>
              {s.groups.map((g) => (
                <li key={g.id}>
                  <strong>{g.name}</strong>
                  {g.dependsOn.length ? <span className="muted"> needs {g.dependsOn.join(", ")}</span> : null}
                </li>
              ))}
            </ul>
            <Hook label="After, runs" hook={s.post} />
          </li>
        ))}
      </ol>
      {plan.unplanned.length ? (
        <div className="notice notice-warning">Not in the saved plan, so they would not move: {plan.unplanned.map((g) => g.name).join(", ")}.</div>
      ) : null}
    </>
  );
}

/** The site's recovery plan as it would run; admins edit it, or drop it for the derived one. */
export function RecoveryPlan({ siteId, isAdmin }: { siteId: string; isAdmin: boolean }) {
  const plan = useRecoveryPlan(siteId);
  const reset = useRecoveryPlanMutation(siteId, "DELETE");
  const [editing, setEditing] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  if (!plan.data) return plan.isError ? <QueryError result={plan} /> : <p className="muted">Loading the plan…</p>;
  if (editing) return <PlanEditor plan={plan.data} onDone={() => setEditing(false)} />;
  return (
    <div className="stack">
      <QueryError result={plan} />
      <PlanStages plan={plan.data} />
      {isAdmin ? (
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => setEditing(true)}>
            Edit plan
          </button>
          {plan.data.source === "saved" && !confirmReset ? (
            <button type="button" className="btn btn-danger" onClick={() => setConfirmReset(true)}>
              Use the derived plan…
            </button>
          ) : null}
          {confirmReset ? (
            <span className="confirm" role="group" aria-label="Drop the saved plan">
              <span>Drop the saved plan and order by dependencies again?</span>
              <button type="button" className="btn btn-sm btn-danger-solid" disabled={reset.isPending} onClick={() => reset.mutate(undefined, { onSuccess: () => setConfirmReset(false) })}>
                {reset.isPending ? "Dropping…" : "Drop it"}
              </button>
              <button type="button" className="btn btn-sm" onClick={() => setConfirmReset(false)}>
                Cancel
              </button>
            </span>
          ) : null}
        </div>
      ) : null}
      <QueryError result={reset} />
    </div>
  );
}
