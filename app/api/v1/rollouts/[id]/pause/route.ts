import { handle } from "@/server/http/endpoint";
import { pauseRolloutEndpoint } from "@/server/rollouts/rollouts.endpoints";

export const POST = handle(pauseRolloutEndpoint);
