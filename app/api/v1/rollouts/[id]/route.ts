import { handle } from "@/server/http/endpoint";
import { getRolloutEndpoint } from "@/server/rollouts/rollouts.endpoints";

export const GET = handle(getRolloutEndpoint);
