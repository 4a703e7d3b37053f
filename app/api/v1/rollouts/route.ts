import { handle } from "@/server/http/endpoint";
import { listRolloutsEndpoint, startRolloutEndpoint } from "@/server/rollouts/rollouts.endpoints";

export const GET = handle(listRolloutsEndpoint);
export const POST = handle(startRolloutEndpoint);
