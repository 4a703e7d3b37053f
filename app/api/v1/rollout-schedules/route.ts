import { handle } from "@/server/http/endpoint";
import { createRolloutScheduleEndpoint, listRolloutSchedulesEndpoint } from "@/server/rollouts/schedules/rollout-schedules.endpoints";

export const GET = handle(listRolloutSchedulesEndpoint);
export const POST = handle(createRolloutScheduleEndpoint);
