import { handle } from "@/server/http/endpoint";
import { listRolloutScheduleRunsEndpoint } from "@/server/rollouts/schedules/rollout-schedules.endpoints";

export const GET = handle(listRolloutScheduleRunsEndpoint);
