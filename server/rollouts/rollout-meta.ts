// What a ROLLOUT operation keeps in its plan column: its settings, the hosts
// the plan could not schedule, and the schedule that started it. The hosts
// themselves are RolloutHost rows; their steps are OperationSteps.
import { z } from "zod";
import { ZRolloutSettings, ZUnschedulable, type TRolloutPhase } from "./rollouts.types";

export const ZRolloutMeta = z.object({
  rollout: z.object({
    settings: ZRolloutSettings,
    unschedulable: z.array(ZUnschedulable),
    batches: z.int(),
    scheduleId: z.uuid().nullable().default(null),
  }),
});
export type TRolloutMeta = z.infer<typeof ZRolloutMeta>["rollout"];

export function rolloutMetaOf(plan: unknown): TRolloutMeta {
  return ZRolloutMeta.parse(plan).rollout;
}

/** A host's steps are OperationSteps numbered position * STRIDE + the phase's place. */
export const STEP_STRIDE = 10;
const PHASE_PLACE: Record<TRolloutPhase, number> = { switchover: 0, drain: 1, patch: 2, reboot: 3, gate: 4, enable: 5 };
export const stepIndex = (position: number, phase: TRolloutPhase) => position * STEP_STRIDE + PHASE_PLACE[phase];
export const phaseOfIndex = (index: number): TRolloutPhase => (Object.entries(PHASE_PLACE).find(([, p]) => p === index % STEP_STRIDE)![0] as TRolloutPhase);
export const stepAction = (phase: TRolloutPhase) => `rollout.${phase}`;
