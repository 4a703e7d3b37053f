"use client";

import { useMemo, useState, type FormEvent } from "react";
import { ApiError } from "@/components/api/fetch-json";
import { useServers } from "@/components/inventory/queries";
import { TextField } from "@/components/ui/field";
import { ProblemAlert } from "@/components/operations/problem-alert";
import { HookEditor, type TServerOption } from "./hook-editor";
import { addStage, draftOf, groupInfoOf, moveGroup, moveStage, orderProblems, removeStage, requestOf, splitPlanErrors, unplannedOf, updateStage, type TGroupInfo, type TPlanDraft } from "./plan-draft";
import { useRecoveryPlanMutation } from "./queries";
import type { TRecoveryPlan } from "./types";
import styles from "./sites.module.css";

const OUT = "out";

/** Which stage a group is in, as a select: moving it is choosing another. */
function StagePicker({ draft, groupId, groupName, current, onMove }: { draft: TPlanDraft; groupId: string; groupName: string; current: number | null; onMove: (to: number | null) => void }) {
  return (
    <select
      className="select select-sm"
      aria-label={`Stage of ${groupName}`}
      value={current === null ? OUT : String(current)}
      onChange={(e) => onMove(e.target.value === OUT ? null : Number(e.target.value))}
      data-group={groupId}
    >
      {draft.stages.map((s, i) => (
        <option key={s.key} value={i}>
          {i + 1}. {s.name || "(unnamed)"}
        </option>
      ))}
      <option value={OUT}>Not in the plan</option>
    </select>
  );
}

function GroupLine({ draft, info, id, stage, problem, onMove }: { draft: TPlanDraft; info: TGroupInfo; id: string; stage: number | null; problem?: string; onMove: (to: number | null) => void }) {
  const g = info.get(id);
  const name = g?.name ?? id;
  return (
    <li className={styles.planGroup}>
      <span>
        <strong>{name}</strong>
        {g?.dependsOn.length ? <span className="muted"> needs {g.dependsOn.join(", ")}</span> : null}
        {problem ? <span className="text-danger"> · {problem}</span> : null}
      </span>
      <StagePicker draft={draft} groupId={id} groupName={name} current={stage} onMove={onMove} />
    </li>
  );
}

/**
 * An admin's editor for a site's recovery plan: stages in order, the groups in
 * each (moved with a stage picker), pre and post hooks, the parallelism; one
 * PUT, whose 422 field errors land beside the stage they concern.
 */
export function PlanEditor({ plan, onDone }: { plan: TRecoveryPlan; onDone: () => void }) {
  const [draft, setDraft] = useState(() => draftOf(plan));
  const info = useMemo(() => groupInfoOf(plan), [plan]);
  const save = useRecoveryPlanMutation(plan.site.id, "PUT");
  const serverList = useServers({});
  const servers: TServerOption[] = (serverList.data?.servers ?? []).map((s) => ({ id: s.id, name: s.name, site: s.site?.name ?? null }));
  const problems = orderProblems(draft, info);
  const unplanned = unplannedOf(draft, info);
  const errors = save.error instanceof ApiError ? splitPlanErrors(save.error.errors, draft.stages.length) : { stages: [], other: [] };

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate(requestOf(draft), { onSuccess: onDone });
  }

  return (
    <form className={`form ${styles.editor}`} onSubmit={submit} aria-label="Edit recovery plan" noValidate>
      <TextField
        label="Groups moved at once within a stage"
        type="number"
        min={1}
        max={100}
        value={draft.parallelism}
        onChange={(e) => setDraft({ ...draft, parallelism: Math.max(1, Math.min(100, Math.floor(Number(e.target.value) || 1))) })}
        className={styles.narrowInput}
      />
      <ol className={styles.stages}>
        {draft.stages.map((s, i) => (
          <li key={s.key} className={styles.stage}>
            <fieldset aria-label={`Stage ${i + 1}`}>
              <div className={styles.stageHead}>
                <TextField label={`Stage ${i + 1} name`} value={s.name} maxLength={100} onChange={(e) => setDraft(updateStage(draft, i, { name: e.target.value }))} />
                <div className={styles.stageButtons}>
                  <button type="button" className="btn btn-sm" disabled={i === 0} onClick={() => setDraft(moveStage(draft, i, -1))} aria-label={`Move stage ${i + 1} earlier`}>
                    ↑
                  </button>
                  <button type="button" className="btn btn-sm" disabled={i === draft.stages.length - 1} onClick={() => setDraft(moveStage(draft, i, 1))} aria-label={`Move stage ${i + 1} later`}>
                    ↓
                  </button>
                  <button type="button" className="btn btn-sm btn-danger" disabled={draft.stages.length <= 1} onClick={() => setDraft(removeStage(draft, i))}>
                    Remove stage
                  </button>
                </div>
              </div>
              {errors.stages[i]?.length ? (
                <ul className={`field-error ${styles.stageErrors}`} data-testid="stage-errors">
                  {errors.stages[i].map((m, k) => (
                    <li key={k}>{m}</li>
                  ))}
                </ul>
              ) : null}
              <HookEditor label="Pre hook" hook={s.pre} servers={servers} siteName={plan.site.name} onChange={(pre) => setDraft(updateStage(draft, i, { pre }))} />
              {s.groupIds.length ? (
                <ul className={styles.planGroups}>
                  {s.groupIds.map((id) => (
                    <GroupLine key={id} draft={draft} info={info} id={id} stage={i} problem={problems.get(id)} onMove={(to) => setDraft(moveGroup(draft, id, to))} />
                  ))}
                </ul>
              ) : (
                <p className="muted">No groups: move some here, or remove the stage.</p>
              )}
              <HookEditor label="Post hook" hook={s.post} servers={servers} siteName={plan.site.name} onChange={(post) => setDraft(updateStage(draft, i, { post }))} />
            </fieldset>
          </li>
        ))}
      </ol>
      <div>
        <button type="button" className="btn btn-sm" onClick={() => setDraft(addStage(draft))} disabled={draft.stages.length >= 50}>
          Add stage
        </button>
      </div>
      {unplanned.length ? (
        <section aria-label="Not in the plan" className={styles.unplanned}>
          <h3>Not in the plan: these groups would not move</h3>
          <ul className={styles.planGroups}>
            {unplanned.map((id) => (
              <GroupLine key={id} draft={draft} info={info} id={id} stage={null} onMove={(to) => setDraft(moveGroup(draft, id, to))} />
            ))}
          </ul>
        </section>
      ) : null}
      {save.isError ? <ProblemAlert error={save.error} reasons={errors.other} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save plan"}
        </button>
        <button type="button" className="btn" onClick={onDone} disabled={save.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
