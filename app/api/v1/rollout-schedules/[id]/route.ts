import { handle } from "@/server/http/endpoint";
import { deleteRolloutScheduleEndpoint, updateRolloutScheduleEndpoint } from "@/server/rollouts/schedules/rollout-schedules.endpoints";

export const PATCH = handle(updateRolloutScheduleEndpoint);
export const DELETE = handle(deleteRolloutScheduleEndpoint);
