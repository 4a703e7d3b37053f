import { handle } from "@/server/http/endpoint";
import { planRolloutEndpoint } from "@/server/rollouts/rollouts.endpoints";

export const POST = handle(planRolloutEndpoint);
