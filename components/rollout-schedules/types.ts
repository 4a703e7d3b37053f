// Client types of rollout schedules, inferred from the server's zod schemas (type-only imports).
export type { TCreateRolloutScheduleInput, TRolloutSchedule, TUpdateRolloutScheduleInput } from "@/server/rollouts/schedules/rollout-schedules.types";
export type { TBatchSize, TPatchCommand, TRebootPolicy, TRolloutTargets, TStartRolloutRequest } from "@/server/rollouts/rollouts.types";
