import { handle } from "@/server/http/endpoint";
import { abortRolloutEndpoint } from "@/server/rollouts/rollouts.endpoints";

export const POST = handle(abortRolloutEndpoint);
