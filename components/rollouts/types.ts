// Client types of patch rollouts, from the server's contract (it imports only
// zod, so its constants may reach the browser bundle).
import type { z } from "zod";
import type { TRolloutSummary, ZRolloutBatch, ZRolloutHostEvent, ZRolloutHostStep, ZStartRolloutRequest } from "@/server/rollouts/rollouts.types";

export {
  ROLLOUT_PHASES,
  rolloutEvents,
  type TBatchGroupImpact,
  type TBatchSize,
  type TPlannedBatch,
  type TPlannedHost,
  type TRebootPolicy,
  type TRollout,
  type TRolloutHost,
  type TRolloutHostState,
  type TRolloutPhase,
  type TRolloutPlan,
  type TRolloutSettingsInput,
  type TRolloutSummary,
  type TUnschedulable,
} from "@/server/rollouts/rollouts.types";

export type TRolloutBatch = z.output<typeof ZRolloutBatch>;
export type TRolloutHostStep = z.output<typeof ZRolloutHostStep>;
export type TRolloutHostEvent = z.output<typeof ZRolloutHostEvent>;
/** What the start endpoint takes: the settings as the form sends them, plus why. */
export type TStartRolloutBody = z.input<typeof ZStartRolloutRequest>;
export type TRolloutList = { rollouts: TRolloutSummary[] };
